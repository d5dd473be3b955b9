// Image metadata, persisted as one JSON document (`<root>/images.json`):
// image id (config digest) → names, digests, size, layers, pinned flag;
// archives already imported; and leases that keep content of in-flight
// pulls and imports from being pruned. Every change is a read-modify-write
// under a lock that also holds across processes (the CLI and a running
// node agent share the store), written atomically by rename.
import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface ImageRecord {
  /** Config digest. */
  id: string;
  /** Digest the image was pulled or imported by (an index or a manifest). */
  target: string;
  /** The platform manifest. */
  manifest: string;
  repoTags: string[];
  repoDigests: string[];
  /** Compressed size: config + layers. */
  size: number;
  pinned: boolean;
  /** Every content blob the image uses (index, manifest, config, layers). */
  blobs: string[];
  /** Snapshot chain ids, lowest layer first. */
  chainIds: string[];
  config: { entrypoint?: string[]; cmd?: string[]; env?: string[]; workingDir?: string; user?: string; stopSignal?: string };
  /** Milliseconds since the epoch. */
  createdAt: number;
}

export interface Lease {
  pid: number;
  /** Keep everything (imports do not know their blobs in advance). */
  all?: boolean;
  blobs: string[];
  chainIds: string[];
}

export interface ImportedArchive {
  path: string;
  size: number;
  mtimeMs: number;
  images: string[];
}

export interface Metadata {
  images: Record<string, ImageRecord>;
  /** By sha256 of the archive file. */
  imported: Record<string, ImportedArchive>;
  leases: Record<string, Lease>;
}

export class StoreLockError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

const chains = new Map<string, Promise<unknown>>();

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function liveLeases(m: Metadata): Lease[] {
  return Object.values(m.leases).filter((l) => alive(l.pid));
}

export class MetadataStore {
  readonly file: string;
  private readonly lockFile: string;

  constructor(readonly root: string) {
    this.file = join(root, 'images.json');
    this.lockFile = join(root, 'images.lock');
  }

  async read(): Promise<Metadata> {
    let m: Partial<Metadata> = {};
    try {
      m = JSON.parse(await readFile(this.file, 'utf8')) as Partial<Metadata>;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
    return { images: m.images ?? {}, imported: m.imported ?? {}, leases: m.leases ?? {} };
  }

  /** Runs `fn` on the current metadata under the lock and saves what it leaves. */
  update<T>(fn: (m: Metadata) => T | Promise<T>): Promise<T> {
    const prev = chains.get(this.root) ?? Promise.resolve();
    const next = prev.then(
      () => this.locked(fn),
      () => this.locked(fn),
    );
    chains.set(this.root, next.catch(() => undefined));
    return next;
  }

  private async locked<T>(fn: (m: Metadata) => T | Promise<T>): Promise<T> {
    await mkdir(this.root, { recursive: true });
    await this.acquire();
    try {
      const m = await this.read();
      const out = await fn(m);
      for (const [k, l] of Object.entries(m.leases)) if (!alive(l.pid)) delete m.leases[k];
      const tmp = `${this.file}.${randomBytes(4).toString('hex')}.tmp`;
      await writeFile(tmp, JSON.stringify(m, null, 1));
      await rename(tmp, this.file);
      return out;
    } finally {
      await rm(this.lockFile, { force: true });
    }
  }

  private async acquire(): Promise<void> {
    const deadline = Date.now() + 60_000;
    for (;;) {
      try {
        const fh = await open(this.lockFile, 'wx');
        await fh.writeFile(String(process.pid));
        await fh.close();
        return;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      }
      const holder = Number(await readFile(this.lockFile, 'utf8').catch(() => ''));
      if (holder && holder !== process.pid && !alive(holder)) {
        await rm(this.lockFile, { force: true });
        continue;
      }
      if (Date.now() > deadline) throw new StoreLockError(`timed out waiting for ${this.lockFile} (held by pid ${holder || '?'})`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  async addLease(lease: Omit<Lease, 'pid'>): Promise<string> {
    const id = randomBytes(8).toString('hex');
    await this.update((m) => {
      m.leases[id] = { pid: process.pid, ...lease };
    });
    return id;
  }

  async removeLease(id: string): Promise<void> {
    await this.update((m) => {
      delete m.leases[id];
    });
  }
}

/** Gives `tags` to image `id`, taking them away from any other image (a tag names one image). */
export function assignNames(m: Metadata, id: string, tags: string[], digests: string[]): void {
  const rec = m.images[id];
  for (const other of Object.values(m.images)) {
    if (other.id === id) continue;
    other.repoTags = other.repoTags.filter((t) => !tags.includes(t));
  }
  rec.repoTags = [...new Set([...rec.repoTags, ...tags])];
  rec.repoDigests = [...new Set([...rec.repoDigests, ...digests])];
}
