// Container root file systems: an overlayfs mount whose lower layers are the
// image's unpacked layer directories, with a per-container upper/work dir.
import { mkdir, rm, readFile } from 'node:fs/promises';
import { join } from 'node:path';
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

export async function isMounted(path: string): Promise<boolean> {
  const info = await readFile('/proc/self/mountinfo', 'utf8');
  return info.split('\n').some((line) => line.split(' ')[4] === path);
}

export async function mountRootfs(containerDir: string, layers: string[]): Promise<string> {
  const p = rootfsPaths(containerDir);
  await Promise.all([mkdir(p.rootfs, { recursive: true }), mkdir(p.upper, { recursive: true }), mkdir(p.work, { recursive: true })]);
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
