// The image service (CRI ImageService) over a content store, per-layer
// snapshots and a metadata store, all under one root directory:
//   <root>/blobs/sha256/<hex>   content (manifests, configs, layer blobs)
//   <root>/snapshots/<chain>/fs one directory per layer, overlayfs-ready
//   <root>/images.json          image metadata
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { lstat, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { AuthConfig, Image, ImageFsInfo, ImageService, ImageSpec, PodSandboxConfig } from '../cri/types.js';
import { ImagePullError, NotFoundError } from '../cri/types.js';
import { ContentStore } from './content.js';
import { importArchive } from './import.js';
import { hostPlatform, type ImageConfig, type Platform } from './manifest.js';
import { pull, type PullContext } from './pull.js';
import { formatReference, InvalidReferenceError, parseNamed, parseReference, repoName } from './reference.js';
import { loadRegistriesConfig, type RegistriesConfig } from './registry-config.js';
import { SnapshotStore } from './snapshots.js';
import { liveLeases, MetadataStore, type ImageRecord, type Metadata } from './store.js';

export interface ImageServiceOptions {
  /** Root directory of the image store. */
  root: string;
  /** A registries.yaml path (re-read on every pull) or a fixed config. */
  registries?: string | RegistriesConfig;
  platform?: Platform;
  fetch?: typeof fetch;
}

export interface AutoImportResult {
  imported: { path: string; images: string[] }[];
  failed: { path: string; error: string }[];
}

/** Where the image store of a data dir lives, and the air-gap archive drop directory. */
export function imageStorePaths(dataDir: string) {
  return { root: join(dataDir, 'image-store'), registries: join(dataDir, 'registries.yaml'), importDir: join(dataDir, 'images') };
}

export function findImage(m: Metadata, image: string): ImageRecord | undefined {
  const hex = /^(?:sha256:)?([a-f0-9]{64})$/.exec(image);
  if (hex) return m.images[`sha256:${hex[1]}`];
  const all = Object.values(m.images);
  try {
    const ref = parseNamed(image);
    if (ref.digest) {
      const rd = `${repoName(ref)}@${ref.digest}`;
      const hit = all.find((r) => r.repoDigests.includes(rd));
      if (hit || !ref.tag) return hit;
    }
    const tagged = formatReference({ domain: ref.domain, path: ref.path, tag: ref.tag ?? 'latest' });
    const hit = all.find((r) => r.repoTags.includes(tagged));
    if (hit) return hit;
  } catch (e) {
    if (!(e instanceof InvalidReferenceError)) throw e;
  }
  // A unique short id prefix, as docker and crictl accept.
  const prefix = /^(?:sha256:)?([a-f0-9]{6,63})$/.exec(image);
  if (prefix) {
    const hits = all.filter((r) => r.id.slice(7).startsWith(prefix[1]));
    if (hits.length === 1) return hits[0];
  }
  return undefined;
}

export function toCriImage(r: ImageRecord): Image {
  return { id: r.id, repoTags: [...r.repoTags], repoDigests: [...r.repoDigests], size: r.size, spec: { image: r.id }, config: { ...r.config }, pinned: r.pinned };
}

async function fileSha256(path: string): Promise<string> {
  const h = createHash('sha256');
  for await (const c of createReadStream(path)) h.update(c as Buffer);
  return 'sha256:' + h.digest('hex');
}

export class OciImageService implements ImageService {
  readonly content: ContentStore;
  readonly snapshots: SnapshotStore;
  readonly store: MetadataStore;
  private readonly ctx: PullContext;
  private readonly inflight = new Map<string, Promise<string>>();

  constructor(readonly opts: ImageServiceOptions) {
    this.content = new ContentStore(opts.root);
    this.snapshots = new SnapshotStore(join(opts.root, 'snapshots'));
    this.store = new MetadataStore(opts.root);
    const reg = opts.registries;
    this.ctx = {
      content: this.content,
      snapshots: this.snapshots,
      store: this.store,
      platform: opts.platform ?? hostPlatform(),
      registries: typeof reg === 'string' ? () => loadRegistriesConfig(reg) : async () => reg ?? {},
      fetch: opts.fetch,
    };
  }

  /** Removes leftovers of interrupted writes (older than an hour). */
  async init(): Promise<void> {
    await this.content.cleanIngest();
    await this.snapshots.cleanTemporary();
  }

  async listImages(filter?: { image?: ImageSpec }): Promise<Image[]> {
    const m = await this.store.read();
    if (filter?.image?.image) {
      const r = findImage(m, filter.image.image);
      return r ? [toCriImage(r)] : [];
    }
    return Object.values(m.images).sort((a, b) => a.createdAt - b.createdAt).map(toCriImage);
  }

  async imageStatus(image: ImageSpec): Promise<Image | undefined> {
    const r = findImage(await this.store.read(), image.image);
    return r ? toCriImage(r) : undefined;
  }

  async pullImage(image: ImageSpec, auth?: AuthConfig, _sandbox?: PodSandboxConfig): Promise<string> {
    let ref;
    try {
      ref = parseReference(image.image);
    } catch (e) {
      throw new ImagePullError(`failed to pull image "${image.image}": ${(e as Error).message}`);
    }
    const key = formatReference(ref);
    let p = this.inflight.get(key);
    if (!p) {
      p = pull(this.ctx, ref, auth).finally(() => this.inflight.delete(key));
      this.inflight.set(key, p);
    }
    return p;
  }

  /** Removes the image with all its names (as CRI RemoveImage does); absent images are fine. */
  async removeImage(image: ImageSpec): Promise<void> {
    await this.store.update((m) => {
      const r = findImage(m, image.image);
      if (r) delete m.images[r.id];
    });
    await this.prune();
  }

  async imageFsInfo(): Promise<ImageFsInfo> {
    const seen = new Set<number>();
    let usedBytes = 0;
    const walk = async (dir: string): Promise<void> => {
      let names: string[];
      try {
        names = await readdir(dir);
      } catch {
        return;
      }
      for (const n of names) {
        const p = join(dir, n);
        let st;
        try {
          st = await lstat(p);
        } catch {
          continue;
        }
        if (seen.has(st.ino)) continue;
        seen.add(st.ino);
        usedBytes += st.blocks * 512;
        if (st.isDirectory()) await walk(p);
      }
    };
    await walk(this.opts.root);
    return { usedBytes, inodesUsed: seen.size };
  }

  /** Imports an OCI archive or docker-archive; the images are pinned. Returns them. */
  async importArchive(path: string): Promise<Image[]> {
    const ids = await importArchive(this.ctx, path);
    const m = await this.store.read();
    return ids.map((id) => toCriImage(m.images[id]));
  }

  /** Imports each archive in `dir` (k3s air-gap images) once, remembered by content hash. */
  async autoImport(dir: string): Promise<AutoImportResult> {
    const result: AutoImportResult = { imported: [], failed: [] };
    let names: string[];
    try {
      names = (await readdir(dir)).filter((n) => /\.(tar|tar\.gz|tgz)$/.test(n)).sort();
    } catch {
      return result;
    }
    for (const n of names) {
      const path = join(dir, n);
      try {
        const st = await stat(path);
        if (!st.isFile()) continue;
        const m = await this.store.read();
        const known = Object.values(m.imported).some((a) => a.path === path && a.size === st.size && a.mtimeMs === st.mtimeMs);
        if (known) continue;
        const hash = await fileSha256(path);
        if (m.imported[hash]) {
          await this.store.update((mm) => void (mm.imported[hash] = { ...mm.imported[hash], path, size: st.size, mtimeMs: st.mtimeMs }));
          continue;
        }
        const images = await importArchive(this.ctx, path);
        await this.store.update((mm) => void (mm.imported[hash] = { path, size: st.size, mtimeMs: st.mtimeMs, images }));
        result.imported.push({ path, images });
      } catch (e) {
        result.failed.push({ path, error: (e as Error).message });
      }
    }
    return result;
  }

  /** Removes every unpinned image not in `keep`, then unreferenced content; returns the removed ids. */
  async gc(keep: Set<string>): Promise<string[]> {
    const removed = await this.store.update((m) => {
      const out: string[] = [];
      for (const r of Object.values(m.images)) {
        if (r.pinned || keep.has(r.id)) continue;
        delete m.images[r.id];
        out.push(r.id);
      }
      return out;
    });
    await this.prune();
    return removed;
  }

  /** Deletes blobs and snapshots no image (or live lease) references. */
  async prune(): Promise<void> {
    await this.store.update(async (m) => {
      const leases = liveLeases(m);
      if (leases.some((l) => l.all)) return;
      const blobs = new Set<string>();
      const chains = new Set<string>();
      for (const r of [...Object.values(m.images), ...leases]) {
        r.blobs.forEach((b) => blobs.add(b));
        r.chainIds.forEach((c) => chains.add(c));
      }
      for (const b of await this.content.list()) if (!blobs.has(b.digest)) await this.content.delete(b.digest);
      for (const c of await this.snapshots.list()) if (!chains.has(c)) await this.snapshots.remove(c);
    });
  }

  /** The image's layer directories, lowest first (overlayfs lowerdir wants them reversed). */
  async rootfsLayers(imageId: string): Promise<string[]> {
    const r = findImage(await this.store.read(), imageId);
    if (!r) throw new NotFoundError(`image "${imageId}" not found`);
    const dirs = r.chainIds.map((c) => this.snapshots.dir(c));
    for (const [i, c] of r.chainIds.entries()) {
      if (!(await this.snapshots.has(c))) throw new NotFoundError(`snapshot ${c} of image ${r.id} (layer ${i}) is missing`);
    }
    return dirs;
  }

  async imageConfig(imageId: string): Promise<ImageConfig> {
    const r = findImage(await this.store.read(), imageId);
    if (!r) throw new NotFoundError(`image "${imageId}" not found`);
    return this.content.readJSON<ImageConfig>(r.id);
  }
}

/** The image service of a data dir (`<data-dir>/image-store`, `<data-dir>/registries.yaml`). */
export async function openImageService(dataDir: string, extra: Partial<ImageServiceOptions> = {}): Promise<OciImageService> {
  const paths = imageStorePaths(dataDir);
  const svc = new OciImageService({ root: paths.root, registries: paths.registries, ...extra });
  await svc.init();
  return svc;
}
