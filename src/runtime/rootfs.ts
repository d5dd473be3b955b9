// Container root file systems: an overlayfs mount whose lower layers are the
// image's unpacked layer directories, with a per-container upper/work dir.
import { mkdirSync, statSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { run, runCommand } from './exec.js';

/** Image layer directories, base layer first (the ImageService side provides this). */
export type RootfsLayers = (imageRef: string) => Promise<string[]>;

export class RootfsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RootfsError';
  }
}

export interface RootfsPaths {
  rootfs: string;
  upper: string;
  work: string;
}

export function rootfsPaths(containerDir: string): RootfsPaths {
  return { rootfs: join(containerDir, 'rootfs'), upper: join(containerDir, 'upper'), work: join(containerDir, 'work') };
}

/** overlay's `lowerdir` lists the top layer first. */
export function overlayOptions(layers: string[], p: RootfsPaths): string {
  if (layers.length === 0) throw new RootfsError('image has no layers');
  for (const l of layers) if (/[,:]/.test(l)) throw new RootfsError(`layer path ${l} contains ',' or ':'`);
  return `lowerdir=${[...layers].reverse().join(':')},upperdir=${p.upper},workdir=${p.work}`;
}

/**
 * Whether something is mounted on `path`: its device differs from its parent
 * directory's (as `mountpoint` decides; overlay mounts always get a device of
 * their own). Cheaper than reading /proc/self/mountinfo, which lists every
 * mount on the host (several per pod).
 */
export async function isMounted(path: string): Promise<boolean> {
  try {
    return statSync(path).dev !== statSync(dirname(path)).dev;
  } catch {
    return false;
  }
}

export async function mountRootfs(containerDir: string, layers: string[]): Promise<string> {
  const p = rootfsPaths(containerDir);
  for (const d of [p.rootfs, p.upper, p.work]) mkdirSync(d, { recursive: true });
  if (await isMounted(p.rootfs)) return p.rootfs;
  try {
    await run('mount', ['-t', 'overlay', 'overlay', '-o', overlayOptions(layers, p), p.rootfs]);
  } catch (e) {
    throw new RootfsError(`mounting the rootfs: ${(e as Error).message}`);
  }
  return p.rootfs;
}

/** Unmounts (lazily if busy) and deletes the container's rootfs dirs. */
export async function removeRootfs(containerDir: string): Promise<void> {
  const p = rootfsPaths(containerDir);
  while (await isMounted(p.rootfs)) {
    const r = await runCommand('umount', [p.rootfs]);
    if (r.code !== 0) {
      const lazy = await runCommand('umount', ['-l', p.rootfs]);
      if (lazy.code !== 0) throw new RootfsError(`unmounting ${p.rootfs}: ${lazy.stderr.toString().trim()}`);
    }
  }
  await Promise.all([rm(p.rootfs, { recursive: true, force: true }), rm(p.upper, { recursive: true, force: true }), rm(p.work, { recursive: true, force: true })]);
}
