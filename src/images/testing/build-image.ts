// Builds a busybox OCI image in code from /bin/busybox (Debian busybox-static):
// one gzip layer with bin/busybox, applet symlinks, a minimal /etc, and a
// config (Entrypoint/Cmd/Env PATH). Writes an OCI layout directory and can
// turn it into an OCI archive or a docker-archive (docker save format).
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { sha256Digest } from '../content.js';
import { hostPlatform, MediaType, type Descriptor, type ImageConfig, type ImageIndex, type ImageManifest } from '../manifest.js';
import { packTar, type TarEntry } from './tar.js';

export const BUSYBOX_PATH = '/bin/busybox';
export const DEFAULT_PATH_ENV = 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
export const BUSYBOX_APPLETS = [
  'sh', 'ash', 'sleep', 'echo', 'cat', 'ls', 'httpd', 'wget', 'nc', 'env', 'id', 'hostname', 'true', 'false',
  'ps', 'kill', 'mkdir', 'rm', 'rmdir', 'touch', 'grep', 'head', 'tail', 'date', 'pwd', 'test', '[', 'printenv',
  'uname', 'ip', 'ifconfig', 'ping', 'nslookup', 'sed', 'awk', 'sort', 'wc', 'mount', 'umount', 'top', 'tee',
  'chmod', 'chown', 'cp', 'mv', 'ln', 'seq', 'yes', 'timeout', 'whoami', 'du', 'df', 'find', 'xargs', 'expr',
  'tr', 'cut', 'stat', 'usleep', 'netstat', 'dd', 'sync', 'vi', 'less', 'more', 'readlink', 'basename',
  'dirname', 'nproc', 'free', 'uptime', 'watch', 'tar', 'gzip', 'md5sum', 'sha256sum', 'base64', 'nohup', 'trap',
];

export interface BuildOptions {
  /** OCI layout directory to write (created). */
  dir: string;
  /** Tag recorded as `org.opencontainers.image.ref.name` in index.json. */
  tag?: string;
  entrypoint?: string[];
  cmd?: string[];
  env?: string[];
  workingDir?: string;
  /** Extra entries for the layer (after the busybox ones). */
  extraFiles?: TarEntry[];
  /** Extra layers (uncompressed tars, applied above the busybox layer, stored gzip'd). */
  extraLayers?: Buffer[];
}

export interface BuiltImage {
  dir: string;
  tag: string;
  manifest: ImageManifest;
  manifestDigest: string;
  manifestBytes: Buffer;
  config: ImageConfig;
  configDigest: string;
  /** Every blob by digest (config, layers, manifest). */
  blobs: Map<string, Buffer>;
  /** Uncompressed layer tars, lowest first. */
  layerTars: Buffer[];
}

async function busyboxLayer(extra: TarEntry[]): Promise<Buffer> {
  const busybox = await readFile(BUSYBOX_PATH);
  const applets = BUSYBOX_APPLETS.filter((a) => a !== 'trap').map<TarEntry>((a) => ({ name: `bin/${a}`, type: 'symlink', linkname: 'busybox' }));
  return packTar([
    { name: 'bin/', type: 'directory' },
    { name: 'bin/busybox', data: busybox, mode: 0o755 },
    ...applets,
    { name: 'etc/', type: 'directory' },
    { name: 'etc/passwd', data: 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' },
    { name: 'etc/group', data: 'root:x:0:\nnobody:x:65534:\n' },
    { name: 'root/', type: 'directory', mode: 0o700 },
    { name: 'tmp/', type: 'directory', mode: 0o1777 },
    { name: 'var/', type: 'directory' },
    { name: 'var/www/', type: 'directory' },
    { name: 'var/www/index.html', data: 'hello from skiff busybox\n' },
    ...extra,
  ]);
}

export async function buildBusyboxImage(opts: BuildOptions): Promise<BuiltImage> {
  const tag = opts.tag ?? 'latest';
  const layerTars = [await busyboxLayer(opts.extraFiles ?? []), ...(opts.extraLayers ?? [])];
  const blobs = new Map<string, Buffer>();
  const put = (data: Buffer, mediaType: string): Descriptor => {
    const digest = sha256Digest(data);
    blobs.set(digest, data);
    return { mediaType, digest, size: data.length };
  };
  const layers = layerTars.map((t) => put(gzipSync(t), MediaType.OCI_LAYER_GZIP));
  const platform = hostPlatform();
  const config: ImageConfig = {
    created: '2024-01-01T00:00:00Z',
    architecture: platform.architecture,
    os: platform.os,
    ...(platform.variant ? { variant: platform.variant } : {}),
    config: {
      Env: opts.env ?? [DEFAULT_PATH_ENV],
      ...(opts.entrypoint ? { Entrypoint: opts.entrypoint } : {}),
      Cmd: opts.cmd ?? ['sh'],
      ...(opts.workingDir ? { WorkingDir: opts.workingDir } : {}),
    },
    rootfs: { type: 'layers', diff_ids: layerTars.map((t) => sha256Digest(t)) },
    history: layerTars.map(() => ({ created: '2024-01-01T00:00:00Z', created_by: 'skiff test image builder' })),
  };
  const configBytes = Buffer.from(JSON.stringify(config));
  const configDesc = put(configBytes, MediaType.OCI_CONFIG);
  const manifest: ImageManifest = { schemaVersion: 2, mediaType: MediaType.OCI_MANIFEST, config: configDesc, layers };
  const manifestBytes = Buffer.from(JSON.stringify(manifest));
  const manifestDesc = put(manifestBytes, MediaType.OCI_MANIFEST);
  const index: ImageIndex = {
    schemaVersion: 2,
    mediaType: MediaType.OCI_INDEX,
    manifests: [{ ...manifestDesc, platform, annotations: { 'org.opencontainers.image.ref.name': tag } }],
  };
  await mkdir(join(opts.dir, 'blobs', 'sha256'), { recursive: true });
  for (const [digest, data] of blobs) await writeFile(join(opts.dir, 'blobs', 'sha256', digest.slice(7)), data);
  await writeFile(join(opts.dir, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
  await writeFile(join(opts.dir, 'index.json'), JSON.stringify(index));
  return { dir: opts.dir, tag, manifest, manifestDigest: manifestDesc.digest, manifestBytes, config, configDigest: configDesc.digest, blobs, layerTars };
}

/** An OCI archive (tar of the layout). `name` goes into the index as io.containerd.image.name if given. */
export async function ociArchive(img: BuiltImage, name?: string): Promise<Buffer> {
  const index = JSON.parse(await readFile(join(img.dir, 'index.json'), 'utf8')) as ImageIndex;
  if (name) for (const m of index.manifests) m.annotations = { ...m.annotations, 'io.containerd.image.name': name };
  const entries: TarEntry[] = [
    { name: 'oci-layout', data: JSON.stringify({ imageLayoutVersion: '1.0.0' }) },
    { name: 'index.json', data: JSON.stringify(index) },
    { name: 'blobs/', type: 'directory' },
    { name: 'blobs/sha256/', type: 'directory' },
  ];
  for (const [digest, data] of img.blobs) entries.push({ name: `blobs/sha256/${digest.slice(7)}`, data });
  return packTar(entries);
}

/** A docker-archive (`docker save` format): manifest.json, <config>.json, <layer>/layer.tar (uncompressed). */
export async function dockerArchive(img: BuiltImage, repoTags: string[]): Promise<Buffer> {
  const configHex = img.configDigest.slice(7);
  const layerPaths = img.layerTars.map((t) => `${sha256Digest(t).slice(7)}/layer.tar`);
  const manifest = [{ Config: `${configHex}.json`, RepoTags: repoTags, Layers: layerPaths }];
  const entries: TarEntry[] = [];
  img.layerTars.forEach((t, i) => {
    entries.push({ name: layerPaths[i].replace('/layer.tar', '/'), type: 'directory' });
    entries.push({ name: layerPaths[i], data: t });
  });
  entries.push({ name: `${configHex}.json`, data: img.blobs.get(img.configDigest)! });
  entries.push({ name: 'manifest.json', data: JSON.stringify(manifest) });
  return packTar(entries);
}
