// Importing image archives (as `ctr images import` / k3s air-gap images):
// OCI layout tarballs (oci-layout + index.json + blobs/sha256/*) and
// docker-archives (`docker save`: manifest.json + config + layer tars).
// Blobs stream into the content store as they are read; imported images
// are pinned (never garbage-collected).
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { posix } from 'node:path';
import { createGunzip } from 'node:zlib';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { sha256Digest, type BlobInfo } from './content.js';
import { configSummary, imageSize, unpackImage } from './layers.js';
import { MediaType, parseManifestDocument, selectManifest, type Descriptor, type ImageConfig, type ImageIndex, type ImageManifest } from './manifest.js';
import { formatReference, parseReference } from './reference.js';
import type { PullContext } from './pull.js';
import { assignNames } from './store.js';
import { readTar } from './unpack.js';

export class ImportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

const SMALL = 8 << 20;

interface ArchiveFiles {
  /** Small metadata files kept in memory. */
  small: Map<string, Buffer>;
  /** Every regular file, by its digest in the content store. */
  blobs: Map<string, BlobInfo>;
}

async function isGzip(path: string): Promise<boolean> {
  const fh = await open(path, 'r');
  try {
    const { buffer, bytesRead } = await fh.read(Buffer.alloc(2), 0, 2, 0);
    return bytesRead === 2 && buffer[0] === 0x1f && buffer[1] === 0x8b;
  } finally {
    await fh.close();
  }
}

async function readArchive(ctx: PullContext, path: string): Promise<ArchiveFiles> {
  const small = new Map<string, Buffer>();
  const blobs = new Map<string, BlobInfo>();
  const links = new Map<string, string>();
  let input: AsyncIterable<Buffer> = createReadStream(path);
  if (await isGzip(path)) {
    const gunzip = createGunzip();
    pipeline(createReadStream(path), gunzip).catch(() => undefined);
    input = gunzip;
  }
  await readTar(input, async (h, body: Readable) => {
    const name = posix.normalize(h.name.replace(/^\/+/, '')).replace(/\/+$/, '');
    if (h.type === 'symlink' || h.type === 'link') {
      links.set(name, h.type === 'symlink' ? posix.join(posix.dirname(name), h.linkname) : posix.normalize(h.linkname));
      return;
    }
    if (h.type !== 'file' && h.type !== 'contiguous-file') return;
    const m = /^blobs\/sha256\/([a-f0-9]{64})$/.exec(name);
    if (!m && h.size <= SMALL && (name.endsWith('.json') || name === 'oci-layout' || name === 'repositories')) {
      const chunks: Buffer[] = [];
      for await (const c of body) chunks.push(c as Buffer);
      const data = Buffer.concat(chunks);
      small.set(name, data);
      blobs.set(name, await ctx.content.write(data));
      return;
    }
    blobs.set(name, await ctx.content.write(body, m ? { digest: `sha256:${m[1]}`, size: h.size } : undefined));
  });
  for (const [name, target] of links) {
    const info = blobs.get(target);
    if (info) blobs.set(name, info);
  }
  return { small, blobs };
}

function json<T>(files: ArchiveFiles, name: string): T {
  const b = files.small.get(name);
  if (!b) throw new ImportError(`archive lacks ${name}`);
  try {
    return JSON.parse(b.toString('utf8')) as T;
  } catch {
    throw new ImportError(`archive has malformed ${name}`);
  }
}

function normalizeName(name: string | undefined): string | undefined {
  if (!name) return undefined;
  try {
    return formatReference(parseReference(name));
  } catch {
    return undefined;
  }
}

interface Candidate {
  target: Descriptor;
  manifest: ImageManifest;
  manifestDigest: string;
  tags: string[];
}

async function ociCandidates(ctx: PullContext, files: ArchiveFiles): Promise<Candidate[]> {
  const index = json<ImageIndex>(files, 'index.json');
  const out: Candidate[] = [];
  for (const desc of index.manifests ?? []) {
    const ann = desc.annotations ?? {};
    const refName = ann['org.opencontainers.image.ref.name'];
    const name = normalizeName(ann['io.containerd.image.name']) ?? (refName && /[/:]/.test(refName) ? normalizeName(refName) : undefined);
    let parsed = parseManifestDocument(await ctx.content.read(desc.digest), desc.mediaType);
    let manifestDigest = desc.digest;
    if (parsed.kind === 'index') {
      const chosen = selectManifest(parsed.index, ctx.platform);
      manifestDigest = chosen.digest;
      parsed = parseManifestDocument(await ctx.content.read(chosen.digest), chosen.mediaType);
      if (parsed.kind !== 'manifest') throw new ImportError('nested image indexes are not supported');
    }
    out.push({ target: desc, manifest: parsed.manifest, manifestDigest, tags: name ? [name] : [] });
  }
  return out;
}

async function dockerCandidates(ctx: PullContext, files: ArchiveFiles): Promise<Candidate[]> {
  const entries = json<{ Config: string; RepoTags?: string[] | null; Layers: string[] }[]>(files, 'manifest.json');
  const out: Candidate[] = [];
  for (const e of entries) {
    const config = files.blobs.get(posix.normalize(e.Config));
    if (!config) throw new ImportError(`archive lacks config ${e.Config}`);
    const layers: Descriptor[] = [];
    for (const l of e.Layers) {
      const info = files.blobs.get(posix.normalize(l));
      if (!info) throw new ImportError(`archive lacks layer ${l}`);
      const gz = await isGzip(ctx.content.path(info.digest));
      layers.push({ mediaType: gz ? MediaType.DOCKER_LAYER_GZIP : 'application/vnd.docker.image.rootfs.diff.tar', digest: info.digest, size: info.size });
    }
    const manifest: ImageManifest = {
      schemaVersion: 2,
      mediaType: MediaType.DOCKER_MANIFEST,
      config: { mediaType: MediaType.DOCKER_CONFIG, digest: config.digest, size: config.size },
      layers,
    };
    const bytes = Buffer.from(JSON.stringify(manifest));
    const info = await ctx.content.write(bytes);
    const tags = (e.RepoTags ?? []).map(normalizeName).filter((t): t is string => !!t);
    out.push({ target: { mediaType: MediaType.DOCKER_MANIFEST, ...info }, manifest, manifestDigest: sha256Digest(bytes), tags });
  }
  return out;
}

/** Imports every image of the archive at `path`; returns their ids. */
export async function importArchive(ctx: PullContext, path: string): Promise<string[]> {
  const lease = await ctx.store.addLease({ all: true, blobs: [], chainIds: [] });
  try {
    const files = await readArchive(ctx, path);
    let candidates: Candidate[];
    if (files.small.has('index.json')) {
      candidates = await ociCandidates(ctx, files);
      if (files.small.has('manifest.json')) {
        // docker save (v25+) writes both: take the names from manifest.json.
        const docker = json<{ Config: string; RepoTags?: string[] | null }[]>(files, 'manifest.json');
        for (const c of candidates) {
          for (const d of docker) {
            if (files.blobs.get(posix.normalize(d.Config))?.digest === c.manifest.config.digest) {
              c.tags.push(...(d.RepoTags ?? []).map(normalizeName).filter((t): t is string => !!t));
            }
          }
        }
      }
    } else if (files.small.has('manifest.json')) {
      candidates = await dockerCandidates(ctx, files);
    } else {
      throw new ImportError(`${path}: neither an OCI archive (index.json) nor a docker-archive (manifest.json)`);
    }
    const ids: string[] = [];
    for (const c of candidates) {
      const configBytes = await ctx.content.read(c.manifest.config.digest);
      const config = JSON.parse(configBytes.toString('utf8')) as ImageConfig;
      const chain = await unpackImage(ctx.content, ctx.snapshots, c.manifest, config, async (desc) => {
        if (!(await ctx.content.has(desc.digest))) throw new ImportError(`archive lacks blob ${desc.digest}`);
      });
      const id = c.manifest.config.digest;
      const blobs = [c.target.digest, c.manifestDigest, id, ...c.manifest.layers.map((l) => l.digest)];
      await ctx.store.update((m) => {
        const prev = m.images[id];
        m.images[id] = {
          id,
          target: prev?.target ?? c.target.digest,
          manifest: prev?.manifest ?? c.manifestDigest,
          repoTags: prev?.repoTags ?? [],
          repoDigests: prev?.repoDigests ?? [],
          size: imageSize(c.manifest),
          pinned: true,
          blobs: [...new Set([...(prev?.blobs ?? []), ...blobs])],
          chainIds: chain,
          config: configSummary(config),
          createdAt: prev?.createdAt ?? Date.now(),
        };
        assignNames(m, id, [...new Set(c.tags)], []);
      });
      ids.push(id);
    }
    return ids;
  } finally {
    await ctx.store.removeLease(lease);
  }
}
