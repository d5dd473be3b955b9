// Per-layer snapshot directories keyed by chain ID (as containerd's overlay
// snapshotter): `<root>/<chainid-hex>/fs` holds one layer's files with
// overlayfs whiteouts, so the runtime stacks an image's snapshots as
// overlayfs lowerdirs. A snapshot is prepared in a temporary directory and
// committed by an atomic rename, so a present directory is always complete.
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';

export class SnapshotError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}
export class SnapshotNotFoundError extends SnapshotError {
  constructor(readonly chainId: string) {
    super(`snapshot ${chainId} not found`);
  }
}

/** OCI chain IDs: ChainID(L0) = DiffID(L0); ChainID(Ln) = sha256(ChainID(Ln-1) + " " + DiffID(Ln)). */
export function chainIds(diffIds: string[]): string[] {
  const out: string[] = [];
  for (const d of diffIds) {
    const prev = out[out.length - 1];
    out.push(prev === undefined ? d : 'sha256:' + createHash('sha256').update(`${prev} ${d}`).digest('hex'));
  }
  return out;
}

function hex(chainId: string): string {
  const m = /^sha256:([a-f0-9]{64})$/.exec(chainId);
  if (!m) throw new SnapshotError(`malformed chain id "${chainId}"`);
  return m[1];
}

export interface PreparedSnapshot {
  /** Directory to unpack the layer into. */
  fs: string;
  /** Moves the prepared directory to its chain id; a concurrent commit of the same id wins. */
  commit(chainId: string): Promise<string>;
  abort(): Promise<void>;
}

export class SnapshotStore {
  constructor(readonly root: string) {}

  /** The layer directory of a committed snapshot (whether or not it exists). */
  dir(chainId: string): string {
    return join(this.root, hex(chainId), 'fs');
  }

  async has(chainId: string): Promise<boolean> {
    try {
      return (await stat(this.dir(chainId))).isDirectory();
    } catch {
      return false;
    }
  }

  async prepare(): Promise<PreparedSnapshot> {
    const tmp = join(this.root, `tmp-${Date.now()}-${randomBytes(6).toString('hex')}`);
    const fs = join(tmp, 'fs');
    await mkdir(fs, { recursive: true, mode: 0o755 });
    return {
      fs,
      commit: async (chainId: string) => {
        const dest = join(this.root, hex(chainId));
        try {
          await rename(tmp, dest);
        } catch (e) {
          const code = (e as NodeJS.ErrnoException).code;
          if (code !== 'ENOTEMPTY' && code !== 'EEXIST') throw e;
          await rm(tmp, { recursive: true, force: true });
        }
        return join(dest, 'fs');
      },
      abort: () => rm(tmp, { recursive: true, force: true }),
    };
  }

  async remove(chainId: string): Promise<void> {
    const dir = join(this.root, hex(chainId));
    // Rename first so a half-removed snapshot never looks committed.
    const trash = join(this.root, `tmp-${Date.now()}-rm-${randomBytes(6).toString('hex')}`);
    try {
      await rename(dir, trash);
    } catch {
      return;
    }
    await rm(trash, { recursive: true, force: true });
  }

  async list(): Promise<string[]> {
    try {
      return (await readdir(this.root)).filter((n) => /^[a-f0-9]{64}$/.test(n)).map((n) => `sha256:${n}`);
    } catch {
      return [];
    }
  }

  /** Removes leftovers of interrupted unpacks older than `maxAgeMs` (others may be in use by another process). */
  async cleanTemporary(maxAgeMs = 3600_000): Promise<void> {
    let names: string[];
    try {
      names = await readdir(this.root);
    } catch {
      return;
    }
    for (const n of names) {
      const m = /^tmp-(\d+)-/.exec(n);
      if (m && Date.now() - Number(m[1]) > maxAgeMs) await rm(join(this.root, n), { recursive: true, force: true });
    }
  }
}
