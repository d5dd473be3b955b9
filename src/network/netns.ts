// Named network namespaces for pod sandboxes, made with `ip netns` (bind
// mounts under /run/netns that runc/crun join by path). Names carry the data
// dir's prefix so each Skiff instance only ever lists and removes its own.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { NetnsError } from './errors.js';
import { runCommand } from './exec.js';
import { networkNames } from './config.js';

export const NETNS_DIR = '/run/netns';

/** The namespace name for a sandbox of this data dir. */
export function netnsName(dataDir: string, sandboxId: string): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]{0,200}$/.test(sandboxId)) throw new NetnsError(`sandbox id "${sandboxId}" is not usable in a netns name`);
  return `${networkNames(dataDir).netnsPrefix}${sandboxId}`;
}

export function netnsPath(name: string): string {
  return join(NETNS_DIR, name);
}

/** Creates the named namespace and returns its path (an existing one with that name is an error). */
export async function createNetns(name: string): Promise<string> {
  const r = await runCommand('ip', ['netns', 'add', name]);
  if (r.code !== 0) throw new NetnsError(`ip netns add ${name}: ${r.stderr.trim() || `exit ${r.code}`}`);
  return netnsPath(name);
}

/** Deletes the named namespace; a missing one is fine. Interfaces inside it (the pod end of a veth) go with it. */
export async function deleteNetns(name: string): Promise<void> {
  if (!existsSync(netnsPath(name))) return;
  const r = await runCommand('ip', ['netns', 'delete', name]);
  if (r.code !== 0 && existsSync(netnsPath(name))) throw new NetnsError(`ip netns delete ${name}: ${r.stderr.trim() || `exit ${r.code}`}`);
}

/** Names of the namespaces under /run/netns starting with `prefix`. */
export function listNetns(prefix: string): string[] {
  try {
    return readdirSync(NETNS_DIR).filter((n) => n.startsWith(prefix)).sort();
  } catch {
    return [];
  }
}

/** Runs a command inside the namespace (`ip netns exec`). */
export function execInNetns(name: string, cmd: string[], timeoutMs = 30_000) {
  return runCommand('ip', ['netns', 'exec', name, ...cmd], { timeoutMs });
}
