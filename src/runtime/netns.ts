// Named network namespaces (`ip netns add`), created before the infra
// container so CNI can configure them; the infra container joins by path.
import { existsSync } from 'node:fs';
import { run, runCommand } from './exec.js';

export class NetnsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NetnsError';
  }
}

export const NETNS_DIR = '/run/netns';

/** The sandbox's netns name; `prefix` makes it unique per data dir (see src/network/config.ts networkNames). */
export function netnsName(sandboxId: string, prefix = 'skiff-'): string {
  return `${prefix}${sandboxId.slice(0, 24)}`;
}

export function netnsPath(name: string): string {
  return `${NETNS_DIR}/${name}`;
}

export async function createNetns(name: string): Promise<string> {
  const path = netnsPath(name);
  if (!existsSync(path)) {
    try {
      await run('ip', ['netns', 'add', name]);
    } catch (e) {
      throw new NetnsError(`creating network namespace ${name}: ${(e as Error).message}`);
    }
  }
  return path;
}

export async function deleteNetns(name: string): Promise<void> {
  if (!existsSync(netnsPath(name))) return;
  const r = await runCommand('ip', ['netns', 'delete', name]);
  if (r.code !== 0 && existsSync(netnsPath(name))) throw new NetnsError(`deleting network namespace ${name}: ${r.stderr.toString().trim()}`);
}

/** Runs a command inside the network namespace at `path`. */
export function inNetns(path: string, cmd: string, args: string[]): Promise<string> {
  return run('nsenter', [`--net=${path}`, '--', cmd, ...args]);
}
