// A host-wide lock (flock(1) on a file under /run/lock) shared by every Skiff
// instance on the machine. It guards portmap's shared CNI-HOSTPORT-* chains:
// one instance removing them when unused must not race another's portmap ADD.
// The lock is held by a helper process reading our pipe, so the kernel drops it
// if we die.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { HostLockError } from './errors.js';

export const HOSTPORT_LOCK = existsSync('/run/lock') ? '/run/lock/skiff-cni-hostport.lock' : '/tmp/skiff-cni-hostport.lock';

/** Runs `fn` while holding the flock on `path` (waits up to `timeoutS` seconds for it). */
export async function withHostLock<T>(path: string, fn: () => Promise<T>, timeoutS = 60): Promise<T> {
  const holder = spawn('flock', ['-w', String(timeoutS), path, 'sh', '-c', 'echo locked; read _'], { stdio: ['pipe', 'pipe', 'pipe'] });
  holder.stdin.on('error', () => {});
  await new Promise<void>((resolve, reject) => {
    let err = '';
    holder.stderr.on('data', (d: Buffer) => (err += d));
    holder.stdout.on('data', (d: Buffer) => d.toString().includes('locked') && resolve());
    holder.on('error', (e) => reject(new HostLockError(`flock ${path}: ${e.message}`)));
    holder.on('exit', (code) => reject(new HostLockError(`flock ${path} exited ${code}${err ? `: ${err.trim()}` : ''}`)));
  });
  try {
    return await fn();
  } finally {
    const exited = new Promise((r) => holder.once('exit', r));
    holder.stdin.end();
    await exited;
  }
}
