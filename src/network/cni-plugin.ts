// Executing one CNI plugin binary as the CNI spec describes: parameters in
// environment variables, the plugin's network configuration on stdin, a JSON
// result (or a JSON error) on stdout.
import { accessSync, constants, existsSync } from 'node:fs';
import { join } from 'node:path';
import { CniPluginError, CniPluginNotFoundError } from './errors.js';
import { runCommand } from './exec.js';

/** Where Debian's containernetworking-plugins live, then the conventional upstream directory. */
export const DEFAULT_PLUGIN_DIRS = ['/usr/lib/cni', '/opt/cni/bin'];

export type CniCommand = 'ADD' | 'DEL' | 'CHECK' | 'VERSION';

export interface PluginInvocation {
  command: CniCommand;
  containerId?: string;
  netns?: string;
  ifName?: string;
  /** Already formatted CNI_ARGS (`K1=V1;K2=V2`). */
  args?: string;
  /** Directories searched for plugins (also passed as CNI_PATH for delegated IPAM plugins). */
  pluginDirs: string[];
  timeoutMs?: number;
}

/** The directories of `dirs` that exist (so CNI_PATH only names real places). */
export function existingDirs(dirs: string[]): string[] {
  return dirs.filter((d) => existsSync(d));
}

/** Finds the executable for plugin `type` in the first directory that has it. */
export function findPlugin(type: string, dirs: string[]): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(type)) throw new CniPluginNotFoundError(type, dirs);
  for (const dir of dirs) {
    const p = join(dir, type);
    try {
      accessSync(p, constants.X_OK);
      return p;
    } catch {
      // try the next directory
    }
  }
  throw new CniPluginNotFoundError(type, dirs);
}

/** The environment for a plugin: ours without stray CNI_* variables, plus the invocation's. */
export function pluginEnv(inv: PluginInvocation): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('CNI_')) env[k] = v;
  env.CNI_COMMAND = inv.command;
  env.CNI_PATH = inv.pluginDirs.join(':');
  if (inv.command !== 'VERSION') {
    env.CNI_CONTAINERID = inv.containerId ?? '';
    env.CNI_NETNS = inv.netns ?? '';
    env.CNI_IFNAME = inv.ifName ?? '';
    env.CNI_ARGS = inv.args ?? '';
  }
  if (!env.PATH) env.PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
  return env;
}

/**
 * Runs plugin `type` with `config` on stdin. Resolves with the parsed stdout
 * (undefined when a DEL/CHECK printed nothing); rejects with CniPluginError
 * carrying the plugin's error code and message.
 */
export async function execPlugin(type: string, config: object, inv: PluginInvocation): Promise<unknown> {
  const path = findPlugin(type, inv.pluginDirs);
  const r = await runCommand(path, [], { input: JSON.stringify(config), env: pluginEnv(inv), timeoutMs: inv.timeoutMs ?? 60_000 });
  const text = r.stdout.trim();
  let parsed: unknown;
  if (text) {
    try {
      parsed = JSON.parse(text);
    } catch {
      if (r.code === 0) throw new CniPluginError(type, inv.command, 6, 'plugin printed a result that is not JSON', text.slice(0, 500));
    }
  }
  if (r.code !== 0) {
    const e = (parsed ?? {}) as { code?: unknown; msg?: unknown; details?: unknown };
    const msg = typeof e.msg === 'string' ? e.msg : (r.stderr.trim() || text || `exit ${r.code}`);
    throw new CniPluginError(type, inv.command, typeof e.code === 'number' ? e.code : 999, msg, typeof e.details === 'string' ? e.details : '');
  }
  return parsed;
}

/** CNI_COMMAND=VERSION: the spec versions plugin `type` supports. */
export async function pluginVersions(type: string, pluginDirs: string[]): Promise<string[]> {
  const out = (await execPlugin(type, { cniVersion: '1.0.0' }, { command: 'VERSION', pluginDirs })) as { supportedVersions?: unknown } | undefined;
  const v = out?.supportedVersions;
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) {
    throw new CniPluginError(type, 'VERSION', 6, 'VERSION result has no supportedVersions list');
  }
  return v as string[];
}
