// Pinned namespaces (like CRI-O's pinns with drop_infra_ctr): a sandbox that
// does not share a PID namespace needs no infra process. One `unshare` call
// creates its network, IPC and UTS namespaces, sets the pod's host name in the
// new UTS namespace, and bind-mounts each namespace onto a file so it outlives
// the command; containers then join them by path. Undone with umount.
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { findExecutable } from './host.js';
import { run, runCommand } from './exec.js';

export class PinNamespacesError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PinNamespacesError';
  }
}

export interface PinRequest {
  /** Pin a new network namespace here (e.g. /run/netns/<name>). */
  net?: string;
  ipc?: string;
  uts?: string;
  /** Host name set in the new UTS namespace. */
  hostname?: string;
}

export interface PinnedNamespaces {
  ipc?: string;
  uts?: string;
}

let nsfsDev: number | undefined;

/** Whether `path` is a bind mount of a namespace (its device is nsfs's). */
export function isPinned(path: string | undefined): boolean {
  if (!path) return false;
  try {
    nsfsDev ??= statSync('/proc/self/ns/uts').dev;
    return statSync(path).dev === nsfsDev;
  } catch {
    return false;
  }
}

/** Creates and pins the requested namespaces with one `unshare` (util-linux). */
export async function pinNamespaces(req: PinRequest, busybox = findExecutable('busybox')): Promise<void> {
  const targets = (['net', 'ipc', 'uts'] as const).filter((k) => req[k]);
  if (targets.length === 0) return;
  if (!busybox) throw new PinNamespacesError('busybox (busybox-static) is not installed');
  for (const k of targets) {
    const p = req[k]!;
    mkdirSync(dirname(p), { recursive: true });
    // unshare bind-mounts onto an existing file.
    writeFileSync(p, '', { flag: 'a' });
  }
  const args = targets.map((k) => `--${k}=${req[k]}`);
  const cmd = req.uts && req.hostname ? [busybox, 'hostname', req.hostname] : [busybox, 'true'];
  try {
    await run('unshare', [...args, '--', ...cmd]);
  } catch (e) {
    await unpin(targets.map((k) => req[k]!));
    throw new PinNamespacesError(`pinning ${targets.join('/')} namespaces: ${(e as Error).message}`);
  }
}

/** Unmounts and removes pinned namespace files (missing ones are fine). */
export async function unpin(paths: Array<string | undefined>): Promise<void> {
  const present = paths.filter((p): p is string => !!p);
  const mounted = present.filter((p) => isPinned(p));
  if (mounted.length > 0) {
    const r = await runCommand('umount', mounted);
    if (r.code !== 0 && mounted.some((p) => isPinned(p))) throw new PinNamespacesError(`unmounting ${mounted.join(' ')}: ${r.stderr.toString().trim()}`);
  }
  await Promise.all(present.map((p) => rm(p, { force: true })));
}
