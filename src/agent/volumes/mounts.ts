// tmpfs mounts for emptyDir medium Memory: mount(8)/umount(8) and /proc/self/mountinfo.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Mount points (unescaped) from /proc/self/mountinfo. */
export function mountPoints(): string[] {
  const text = readFileSync('/proc/self/mountinfo', 'utf8');
  return text
    .split('\n')
    .filter(Boolean)
    .map((l) => l.split(' ')[4].replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8))));
}

export function isMountPoint(path: string): boolean {
  return mountPoints().includes(path);
}

export async function mountTmpfs(path: string, sizeBytes?: number): Promise<void> {
  const opts = ['mode=0777', ...(sizeBytes ? [`size=${sizeBytes}`] : [])].join(',');
  await run('mount', ['-t', 'tmpfs', '-o', opts, 'tmpfs', path]);
}

export async function unmount(path: string): Promise<void> {
  await run('umount', [path]);
}

/** Unmounts every mount point at or below `root`, deepest first. */
export async function unmountUnder(root: string): Promise<void> {
  const under = mountPoints().filter((m) => m === root || m.startsWith(root + '/'));
  under.sort((a, b) => b.length - a.length);
  for (const m of under) await unmount(m);
}
