// Where the local-path provisioner's volume directories are made and removed.
// Today all nodes share the server's file system, so the controller does it
// itself; a node-side helper (like rancher's helper pods) can implement the
// same interface later.
import { chmod, mkdir, rm } from 'node:fs/promises';
import { isAbsolute, relative, resolve } from 'node:path';

export interface VolumeDirs {
  /** Creates `path` for a volume on `node` (idempotent), writable by any user like upstream's 0777. */
  create(node: string, path: string): Promise<void>;
  /** Removes `path` and everything below it (idempotent). */
  remove(node: string, path: string): Promise<void>;
}

export class PathOutsideStorageError extends Error {
  constructor(path: string, root: string) {
    super(`refusing to touch ${path}: not below the storage directory ${root}`);
    this.name = 'PathOutsideStorageError';
  }
}

/** True when `path` is strictly below `root`. */
export function isBelow(root: string, path: string): boolean {
  const rel = relative(resolve(root), resolve(path));
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}

/** Directories on this machine, confined to `root`. */
export class LocalDirs implements VolumeDirs {
  constructor(private readonly root: string) {}

  async create(_node: string, path: string): Promise<void> {
    this.check(path);
    await mkdir(path, { recursive: true, mode: 0o777 });
    await chmod(path, 0o777);
  }

  async remove(_node: string, path: string): Promise<void> {
    this.check(path);
    await rm(path, { recursive: true, force: true });
  }

  private check(path: string): void {
    if (!isBelow(this.root, path)) throw new PathOutsideStorageError(path, this.root);
  }
}
