// fsGroup ownership of a volume (kubelet's SetVolumeOwnership): every file
// and directory gets the fsGroup as its group, files become group-readable
// (and -writable unless the volume is read-only), directories
// group-searchable and setgid so that new files inherit the group.
// fsGroupChangePolicy OnRootMismatch skips the walk when the volume's root
// already looks right.
import { chmodSync, lchownSync, lstatSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const SETGID = 0o2000;

function masks(readOnly: boolean): { file: number; dir: number } {
  const file = readOnly ? 0o440 : 0o660;
  // Directories also get the owner's and group's search (x) bits, and setgid.
  return { file, dir: file | 0o110 | SETGID };
}

/** Whether the root already has the group and the bits a walk would give it. */
function rootMatches(dir: string, fsGroup: number, readOnly: boolean): boolean {
  const st = lstatSync(dir);
  const want = masks(readOnly).dir;
  return st.gid === fsGroup && (st.mode & want) === want;
}

export interface OwnershipOptions {
  fsGroup: number;
  readOnly: boolean;
  /** `OnRootMismatch` or `Always` (the default). */
  changePolicy?: string;
}

/** Applies fsGroup ownership under `dir` (not following symlinks); returns how many entries it changed. */
export function setVolumeOwnership(dir: string, o: OwnershipOptions): number {
  if (o.changePolicy === 'OnRootMismatch' && rootMatches(dir, o.fsGroup, o.readOnly)) return 0;
  const m = masks(o.readOnly);
  let changed = 0;
  const visit = (path: string): void => {
    const st = lstatSync(path);
    if (st.gid !== o.fsGroup) {
      lchownSync(path, -1, o.fsGroup);
      changed++;
    }
    if (st.isSymbolicLink()) return;
    const mask = st.isDirectory() ? m.dir : m.file;
    if ((st.mode & mask) !== mask) {
      chmodSync(path, (st.mode & 0o7777) | mask);
      changed++;
    }
    if (st.isDirectory()) for (const e of readdirSync(path)) visit(join(path, e));
  };
  visit(dir);
  return changed;
}

/** A file mode as it ends up under fsGroup ownership (so rewrites compare equal). */
export function withFsGroupMode(mode: number, readOnly: boolean): number {
  return mode | masks(readOnly).file;
}
