// Applies one image layer (a tar, gzip-compressed or not) to a snapshot
// directory in overlayfs form: `.wh.<name>` becomes a 0/0 character device
// at `<name>` (mknod), `.wh..wh..opq` marks its directory opaque with the
// `trusted.overlay.opaque=y` xattr (setfattr from the Debian package attr).
// Modes, ownership, mtimes, symlinks, hardlinks and device nodes are kept.
// Entries that would land outside the directory are refused.
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { chmod, copyFile, lchown, link, lstat, lutimes, mkdir, rm, symlink, utimes } from 'node:fs/promises';
import { posix } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import type { Readable } from 'node:stream';
import * as tar from 'tar-stream';
import { run } from './exec.js';

export class LayerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}
/** A layer entry would be written outside the snapshot (`../`, through a symlink, absolute hardlink escape). */
export class LayerPathError extends LayerError {}
export class UnsupportedCompressionError extends LayerError {}

export interface ApplyOptions {
  /** Parent layer directories, topmost first: hardlink targets and implied parent dirs' attributes are looked up there. */
  parents?: string[];
  compression: 'gzip' | 'none' | 'zstd';
}

export interface ApplyResult {
  /** sha256 of the uncompressed tar stream. */
  diffId: string;
  /** Bytes of the uncompressed tar stream. */
  size: number;
}

const WH_PREFIX = '.wh.';
const WH_OPAQUE = '.wh..wh..opq';

/** Cleans a tar path; undefined for the root itself; LayerPathError if it escapes. */
export function cleanEntryPath(name: string): string | undefined {
  const n = posix.normalize(name.replace(/^\/+/, '') || '.').replace(/\/+$/, '');
  if (n === '' || n === '.') return undefined;
  if (n === '..' || n.startsWith('../')) throw new LayerPathError(`layer entry "${name}" escapes the root`);
  return n;
}

async function lstatOrUndefined(p: string) {
  try {
    return await lstat(p);
  } catch {
    return undefined;
  }
}

class LayerWriter {
  private readonly dirTimes: [string, Date][] = [];
  constructor(
    private readonly root: string,
    private readonly parents: string[],
  ) {}

  private abs(rel: string): string {
    return posix.join(this.root, rel);
  }

  /** Creates missing parent directories of `rel`, refusing symlinked components. */
  private async ensureParents(rel: string): Promise<void> {
    const parts = rel.split('/').slice(0, -1);
    let cur = '';
    for (const part of parts) {
      cur = cur ? `${cur}/${part}` : part;
      const p = this.abs(cur);
      const st = await lstatOrUndefined(p);
      if (st?.isDirectory()) continue;
      if (st?.isSymbolicLink()) throw new LayerPathError(`layer entry "${rel}" goes through symlink "${cur}"`);
      if (st) await rm(p, { force: true });
      await mkdir(p);
      await this.copyParentAttrs(cur, p);
    }
  }

  /** An implied directory takes the attributes the same directory has in a lower layer (else 0755 root). */
  private async copyParentAttrs(rel: string, p: string): Promise<void> {
    for (const parent of this.parents) {
      const st = await lstatOrUndefined(posix.join(parent, rel));
      if (st?.isDirectory()) {
        await lchown(p, st.uid, st.gid);
        await chmod(p, st.mode & 0o7777);
        return;
      }
    }
    await chmod(p, 0o755);
  }

  async whiteout(rel: string): Promise<void> {
    const dir = posix.dirname(rel);
    const base = posix.basename(rel);
    if (base === WH_OPAQUE) {
      const d = dir === '.' ? this.root : this.abs(dir);
      if (dir !== '.') {
        await this.ensureParents(`${dir}/x`);
        await this.dirEntry(dir, undefined);
      }
      await run('setfattr', ['-n', 'trusted.overlay.opaque', '-v', 'y', d]);
      return;
    }
    if (base.startsWith(WH_PREFIX + WH_PREFIX)) return; // other AUFS metadata (.wh..wh.plnk etc.)
    const target = dir === '.' ? base.slice(WH_PREFIX.length) : `${dir}/${base.slice(WH_PREFIX.length)}`;
    cleanEntryPath(target);
    await this.ensureParents(target);
    // A whiteout hides lower layers only: an entry of this same layer stays.
    if (await lstatOrUndefined(this.abs(target))) return;
    await run('mknod', ['-m', '000', this.abs(target), 'c', '0', '0']);
  }

  private async dirEntry(rel: string, h: tar.Header | undefined): Promise<void> {
    const p = this.abs(rel);
    const st = await lstatOrUndefined(p);
    if (st && !st.isDirectory()) await rm(p, { force: true });
    if (!st || !st.isDirectory()) {
      await mkdir(p);
      if (!h) await this.copyParentAttrs(rel, p);
    }
    if (h) {
      await this.owner(p, h);
      await chmod(p, h.mode & 0o7777);
      this.dirTimes.push([p, h.mtime]);
    }
  }

  private async owner(p: string, h: tar.Header): Promise<void> {
    if (process.getuid?.() === 0) await lchown(p, h.uid, h.gid);
  }

  async entry(rel: string, h: tar.Header, body: Readable): Promise<void> {
    await this.ensureParents(rel);
    const p = this.abs(rel);
    if (h.type === 'directory') return this.dirEntry(rel, h);
    const existing = await lstatOrUndefined(p);
    if (existing) await rm(p, { recursive: true, force: true });
    switch (h.type) {
      case 'file':
      case 'contiguous-file':
        await pipeline(body, createWriteStream(p, { flags: 'wx', mode: 0o600 }));
        break;
      case 'symlink':
        await symlink(h.linkname, p);
        break;
      case 'link':
        await this.hardlink(rel, h.linkname);
        return; // a hardlink shares the target's inode, attributes included
      case 'character-device':
      case 'block-device':
      case 'fifo': {
        const kind = h.type === 'fifo' ? ['p'] : [h.type === 'block-device' ? 'b' : 'c', String(h.devmajor), String(h.devminor)];
        await run('mknod', [p, ...kind]);
        break;
      }
      default:
        return; // unknown types are skipped like containerd does for unsupported ones
    }
    await this.owner(p, h);
    if (h.type === 'symlink') {
      await lutimes(p, h.mtime, h.mtime);
      return;
    }
    await chmod(p, h.mode & 0o7777);
    await utimes(p, h.mtime, h.mtime);
  }

  private async hardlink(rel: string, linkname: string): Promise<void> {
    const targetRel = cleanEntryPath(linkname);
    if (!targetRel) throw new LayerPathError(`hardlink "${rel}" points at the root`);
    await this.ensureParents(targetRel);
    const target = this.abs(targetRel);
    const st = await lstatOrUndefined(target);
    if (!st) {
      // The target lives in a lower layer: copy it up first, as overlayfs would.
      const lower = await this.findLower(targetRel);
      if (!lower) throw new LayerError(`hardlink "${rel}" to missing "${linkname}"`);
      await copyFile(lower.path, target);
      await lchown(target, lower.st.uid, lower.st.gid);
      await chmod(target, lower.st.mode & 0o7777);
      await utimes(target, lower.st.atime, lower.st.mtime);
    } else if (st.isDirectory()) {
      throw new LayerError(`hardlink "${rel}" to directory "${linkname}"`);
    }
    await link(target, this.abs(rel));
  }

  private async findLower(rel: string) {
    for (const parent of this.parents) {
      const path = posix.join(parent, rel);
      const st = await lstatOrUndefined(path);
      if (st?.isFile()) return { path, st };
    }
    return undefined;
  }

  async finish(): Promise<void> {
    for (const [p, t] of this.dirTimes.reverse()) await utimes(p, t, t);
  }
}

/** Feeds `input` into a tar extractor and calls `onEntry` for each entry, one at a time. */
export function readTar(
  input: AsyncIterable<Buffer>,
  onEntry: (h: tar.Header, body: Readable) => Promise<void>,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const ex = tar.extract();
    let failed = false;
    const fail = (e: unknown) => {
      if (failed) return;
      failed = true;
      ex.destroy();
      reject(e);
    };
    ex.on('entry', (h, body, next) => {
      onEntry(h, body as unknown as Readable).then(async () => {
        for await (const _ of body) void _; // drain what the handler did not read
        next();
      }, fail);
    });
    ex.on('finish', () => {
      if (!failed) resolve();
    });
    ex.on('error', fail);
    (async () => {
      for await (const chunk of input) {
        if (failed) return;
        if (!ex.write(chunk)) {
          await new Promise<void>((r) => {
            const done = () => {
              ex.off('drain', done);
              ex.off('close', done);
              r();
            };
            ex.on('drain', done);
            ex.on('close', done);
          });
        }
      }
      ex.end(undefined);
    })().catch(fail);
  });
}

/** Decompresses (if needed) and hashes a layer blob; yields the uncompressed bytes. */
async function* uncompressed(source: Readable, compression: ApplyOptions['compression'], acc: { hash: ReturnType<typeof createHash>; size: number }) {
  let stream: AsyncIterable<Buffer> = source;
  if (compression === 'zstd') throw new UnsupportedCompressionError('zstd-compressed layers are not supported');
  if (compression === 'gzip') {
    const gunzip = createGunzip();
    pipeline(source, gunzip).catch(() => undefined); // errors surface through gunzip
    stream = gunzip;
  }
  for await (const chunk of stream) {
    acc.hash.update(chunk);
    acc.size += chunk.length;
    yield chunk;
  }
}

/** Applies one layer to `dir` (the snapshot being prepared) and returns its diff id. */
export async function applyLayer(source: Readable, dir: string, opts: ApplyOptions): Promise<ApplyResult> {
  const acc = { hash: createHash('sha256'), size: 0 };
  const writer = new LayerWriter(dir, opts.parents ?? []);
  await readTar(uncompressed(source, opts.compression, acc), async (h, body) => {
    const rel = cleanEntryPath(h.name);
    if (rel === undefined) return; // the root directory entry itself
    if (posix.basename(rel).startsWith(WH_PREFIX)) return writer.whiteout(rel);
    await writer.entry(rel, h, body);
  });
  await writer.finish();
  return { diffId: 'sha256:' + acc.hash.digest('hex'), size: acc.size };
}
