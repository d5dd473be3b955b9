// kubelet's AtomicWriter layout for configMap/secret/downwardAPI/projected
// volumes: the payload lives in a timestamped hidden directory, `..data` is a
// symlink to it, and each top-level user-visible path is a symlink through
// `..data`. An update writes a new directory and swaps `..data` with one
// rename, so readers see the old or the new payload, never a mix.
import { lstatSync, mkdirSync, readFileSync, readdirSync, readlinkSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync, chmodSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { VolumeSetupError } from '../errors.js';

export interface FileProjection {
  data: Buffer;
  /** File mode bits (e.g. 0o644). */
  mode: number;
}

export const DATA_DIR_NAME = '..data';

/** `..2006_01_02_15_04_05.<random>` as upstream names its payload directories. */
function tsDirName(): string {
  const d = new Date();
  const p = (n: number, w = 2): string => String(n).padStart(w, '0');
  const stamp = `${d.getUTCFullYear()}_${p(d.getUTCMonth() + 1)}_${p(d.getUTCDate())}_${p(d.getUTCHours())}_${p(d.getUTCMinutes())}_${p(d.getUTCSeconds())}`;
  return `..${stamp}.${Math.floor(Math.random() * 1e9)}`;
}

function validatePath(p: string): void {
  if (p === '' || p.startsWith('/') || p.split('/').some((s) => s === '..') || p.startsWith('..')) {
    throw new VolumeSetupError(`invalid path ${JSON.stringify(p)}: must be relative, without '..' and not start with '..'`);
  }
}

function currentPayloadDir(target: string): string | undefined {
  try {
    return join(target, readlinkSync(join(target, DATA_DIR_NAME)));
  } catch {
    return undefined;
  }
}

function samePayload(dir: string, payload: Map<string, FileProjection>): boolean {
  const existing = listFiles(dir);
  if (existing.length !== payload.size) return false;
  for (const rel of existing) {
    const want = payload.get(rel);
    if (!want) return false;
    const full = join(dir, rel);
    if ((statSync(full).mode & 0o7777) !== want.mode) return false;
    if (!readFileSync(full).equals(want.data)) return false;
  }
  return true;
}

function listFiles(dir: string, prefix = ''): string[] {
  const out: string[] = [];
  for (const e of readdirSync(join(dir, prefix), { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...listFiles(dir, rel));
    else out.push(rel);
  }
  return out;
}

/** Writes `payload` (relative path → file) into `target` atomically; returns whether anything changed. */
export function writeAtomic(target: string, payload: Map<string, FileProjection>): boolean {
  for (const p of payload.keys()) validatePath(p);
  mkdirSync(target, { recursive: true, mode: 0o755 });
  const old = currentPayloadDir(target);
  if (old && existsSync(old) && samePayload(old, payload)) return false;
  const tsName = tsDirName();
  const tsDir = join(target, tsName);
  mkdirSync(tsDir, { mode: 0o755 });
  chmodSync(tsDir, 0o755);
  for (const [rel, f] of payload) {
    const full = join(tsDir, rel);
    mkdirSync(dirname(full), { recursive: true, mode: 0o755 });
    writeFileSync(full, f.data);
    chmodSync(full, f.mode);
  }
  const tmpLink = join(target, '..data_tmp');
  rmSync(tmpLink, { force: true });
  symlinkSync(tsName, tmpLink);
  renameSync(tmpLink, join(target, DATA_DIR_NAME));
  // User-visible top-level entries.
  const tops = new Set([...payload.keys()].map((p) => p.split('/')[0]));
  for (const top of tops) {
    const link = join(target, top);
    let exists = false;
    try {
      exists = lstatSync(link).isSymbolicLink();
    } catch {
      /* missing */
    }
    if (!exists) symlinkSync(join(DATA_DIR_NAME, top), link);
  }
  for (const e of readdirSync(target)) {
    if (e.startsWith('..')) continue;
    if (!tops.has(e)) rmSync(join(target, e), { force: true, recursive: true });
  }
  if (old && old !== tsDir) rmSync(old, { recursive: true, force: true });
  return true;
}
