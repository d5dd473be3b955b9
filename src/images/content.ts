// A content-addressed blob store (like containerd's content store):
// blobs live at `<root>/blobs/sha256/<hex>`; writes go to `<root>/ingest/`,
// are hashed while streaming, verified, then renamed into place atomically.
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export class ContentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}
export class BlobNotFoundError extends ContentError {
  constructor(readonly digest: string) {
    super(`blob ${digest} not found`);
  }
}
/** The bytes written do not hash to (or have the size of) what was expected. */
export class DigestMismatchError extends ContentError {
  constructor(
    readonly expected: string,
    readonly actual: string,
    what = 'digest',
  ) {
    super(`${what} mismatch: expected ${expected}, got ${actual}`);
  }
}
export class InvalidDigestFormatError extends ContentError {
  constructor(readonly digest: string) {
    super(`unsupported or malformed digest "${digest}" (only sha256 is supported)`);
  }
}

export interface BlobInfo {
  digest: string;
  size: number;
}

const DIGEST_RE = /^sha256:([a-f0-9]{64})$/;

export function hexOf(digest: string): string {
  const m = DIGEST_RE.exec(digest);
  if (!m) throw new InvalidDigestFormatError(digest);
  return m[1];
}

export function sha256Digest(data: Buffer | string): string {
  return 'sha256:' + createHash('sha256').update(data).digest('hex');
}

export class ContentStore {
  constructor(readonly root: string) {}

  path(digest: string): string {
    return join(this.root, 'blobs', 'sha256', hexOf(digest));
  }

  async has(digest: string): Promise<boolean> {
    try {
      return (await stat(this.path(digest))).isFile();
    } catch {
      return false;
    }
  }

  /** Size in bytes; BlobNotFoundError if absent. */
  async size(digest: string): Promise<number> {
    try {
      return (await stat(this.path(digest))).size;
    } catch {
      throw new BlobNotFoundError(digest);
    }
  }

  async read(digest: string): Promise<Buffer> {
    try {
      return await readFile(this.path(digest));
    } catch {
      throw new BlobNotFoundError(digest);
    }
  }

  async readJSON<T>(digest: string): Promise<T> {
    return JSON.parse((await this.read(digest)).toString('utf8')) as T;
  }

  /** A stream of the blob (checks presence first). */
  async open(digest: string): Promise<Readable> {
    if (!(await this.has(digest))) throw new BlobNotFoundError(digest);
    return createReadStream(this.path(digest));
  }

  /**
   * Writes a blob from a stream. With `expected`, the digest (and size, if
   * given) is verified before the blob becomes visible, and an existing blob
   * short-circuits the write (the source is then not consumed). Without it the
   * blob is stored under whatever digest its bytes have.
   */
  async write(
    source: Readable | AsyncIterable<Uint8Array> | Buffer,
    expected?: { digest: string; size?: number },
  ): Promise<BlobInfo> {
    if (expected) {
      hexOf(expected.digest);
      if (await this.has(expected.digest)) {
        const size = await this.size(expected.digest);
        if (expected.size === undefined || expected.size === size) {
          if (source instanceof Readable) source.destroy();
          return { digest: expected.digest, size };
        }
      }
    }
    const ingest = join(this.root, 'ingest');
    await mkdir(ingest, { recursive: true });
    const tmp = join(ingest, `${Date.now()}-${randomBytes(6).toString('hex')}`);
    const hash = createHash('sha256');
    let size = 0;
    const counter = new Transform({
      transform(chunk: Buffer, _enc, cb) {
        hash.update(chunk);
        size += chunk.length;
        cb(null, chunk);
      },
    });
    const input = Buffer.isBuffer(source) ? Readable.from([source]) : source;
    try {
      await pipeline(input, counter, createWriteStream(tmp, { mode: 0o644 }));
      const digest = 'sha256:' + hash.digest('hex');
      if (expected && expected.digest !== digest) throw new DigestMismatchError(expected.digest, digest);
      if (expected?.size !== undefined && expected.size !== size) {
        throw new DigestMismatchError(String(expected.size), String(size), `size of ${digest}`);
      }
      const dest = this.path(digest);
      await mkdir(join(this.root, 'blobs', 'sha256'), { recursive: true });
      await rename(tmp, dest);
      return { digest, size };
    } finally {
      await rm(tmp, { force: true });
    }
  }

  async delete(digest: string): Promise<boolean> {
    const p = this.path(digest);
    try {
      await stat(p);
    } catch {
      return false;
    }
    await rm(p, { force: true });
    return true;
  }

  async list(): Promise<BlobInfo[]> {
    let names: string[];
    try {
      names = await readdir(join(this.root, 'blobs', 'sha256'));
    } catch {
      return [];
    }
    const out: BlobInfo[] = [];
    for (const hex of names) {
      if (!/^[a-f0-9]{64}$/.test(hex)) continue;
      const digest = `sha256:${hex}`;
      try {
        out.push({ digest, size: await this.size(digest) });
      } catch {
        // deleted meanwhile
      }
    }
    return out;
  }

  /** Removes leftovers of interrupted writes older than `maxAgeMs` (others may be in use by another process). */
  async cleanIngest(maxAgeMs = 3600_000): Promise<void> {
    let names: string[];
    try {
      names = await readdir(join(this.root, 'ingest'));
    } catch {
      return;
    }
    for (const n of names) {
      const m = /^(\d+)-/.exec(n);
      if (m && Date.now() - Number(m[1]) > maxAgeMs) await rm(join(this.root, 'ingest', n), { force: true });
    }
  }
}
