// Running a CNI network configuration list (a chain of plugins) for one
// attachment, as libcni does: ADD in order passing each plugin's result to the
// next as prevResult, DEL in reverse order with the cached ADD result, CHECK in
// order with the cached result. Results are cached under the caller's cache
// directory (not /var/lib/cni) so separate data dirs never share state.
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CniConfigError, CniNotAttachedError, CniVersionError } from './errors.js';
import { execPlugin, pluginVersions } from './cni-plugin.js';
import type { CniResult, NetConfList, PluginConf, RuntimeConf } from './types.js';

export interface CniContext {
  pluginDirs: string[];
  /** Directory holding one cached ADD result per attachment. */
  cacheDir: string;
  timeoutMs?: number;
  /** Plugins whose ADD must run under a lock (e.g. portmap, guarding shared iptables chains). */
  serialize?: { types: string[]; run: <T>(fn: () => Promise<T>) => Promise<T> };
}

interface CacheEntry {
  kind: 'skiffCniCacheV1';
  containerId: string;
  ifName: string;
  networkName: string;
  netns: string;
  args: [string, string][];
  capabilityArgs: Record<string, unknown>;
  result: CniResult;
}

/** `K=V;K=V` for CNI_ARGS. Keys and values may not contain ';' or '='. */
export function formatCniArgs(pairs: [string, string][]): string {
  for (const [k, v] of pairs) {
    if (/[;=]/.test(k) || /[;=]/.test(v)) throw new CniConfigError(`CNI_ARGS entry ${k}=${v} may not contain ';' or '='`);
  }
  return pairs.map(([k, v]) => `${k}=${v}`).join(';');
}

/** Compares dotted versions numerically (-1, 0, 1). */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  return 0;
}

/** The highest spec version every plugin type supports, preferring at most `ceiling`. */
export async function highestCommonVersion(types: string[], pluginDirs: string[], ceiling = '1.0.0'): Promise<string> {
  let common: string[] | undefined;
  for (const t of new Set(types)) {
    const v = await pluginVersions(t, pluginDirs);
    common = common ? common.filter((x) => v.includes(x)) : v;
  }
  const ok = (common ?? []).filter((v) => compareVersions(v, ceiling) <= 0).sort(compareVersions);
  const best = ok.at(-1);
  if (!best) throw new CniVersionError(`plugins ${types.join(', ')} share no CNI version up to ${ceiling}`);
  return best;
}

/** One plugin's stdin: its conf plus the list's name and version, runtimeConfig for its capabilities, prevResult. */
export function pluginConfig(list: NetConfList, plugin: PluginConf, rt: RuntimeConf, prevResult?: CniResult): Record<string, unknown> {
  const conf: Record<string, unknown> = { ...plugin, cniVersion: list.cniVersion, name: list.name };
  const runtimeConfig: Record<string, unknown> = {};
  for (const [cap, on] of Object.entries(plugin.capabilities ?? {})) {
    if (on && rt.capabilityArgs && cap in rt.capabilityArgs) runtimeConfig[cap] = rt.capabilityArgs[cap];
  }
  if (Object.keys(runtimeConfig).length > 0) conf.runtimeConfig = runtimeConfig;
  if (prevResult) conf.prevResult = prevResult;
  return conf;
}

function cachePath(ctx: CniContext, list: NetConfList, rt: RuntimeConf): string {
  return join(ctx.cacheDir, `${list.name}-${rt.containerId}-${rt.ifName}`);
}

/** The cached ADD entry for this attachment, if any. */
function readCache(ctx: CniContext, list: NetConfList, rt: RuntimeConf): CacheEntry | undefined {
  try {
    const e = JSON.parse(readFileSync(cachePath(ctx, list, rt), 'utf8')) as CacheEntry;
    return e.kind === 'skiffCniCacheV1' ? e : undefined;
  } catch {
    return undefined;
  }
}

export function getCachedResult(ctx: CniContext, list: NetConfList, rt: RuntimeConf): CniResult | undefined {
  return readCache(ctx, list, rt)?.result;
}

/** The capability args the cached ADD used (e.g. its portMappings). */
export function getCachedCapabilityArgs(ctx: CniContext, list: NetConfList, rt: RuntimeConf): Record<string, unknown> | undefined {
  return readCache(ctx, list, rt)?.capabilityArgs;
}

function writeCache(ctx: CniContext, list: NetConfList, rt: RuntimeConf, result: CniResult): void {
  mkdirSync(ctx.cacheDir, { recursive: true, mode: 0o700 });
  const entry: CacheEntry = {
    kind: 'skiffCniCacheV1',
    containerId: rt.containerId,
    ifName: rt.ifName,
    networkName: list.name,
    netns: rt.netns,
    args: rt.args ?? [],
    capabilityArgs: rt.capabilityArgs ?? {},
    result,
  };
  const p = cachePath(ctx, list, rt);
  writeFileSync(`${p}.tmp`, JSON.stringify(entry), { mode: 0o600 });
  renameSync(`${p}.tmp`, p);
}

function invocation(ctx: CniContext, command: 'ADD' | 'DEL' | 'CHECK', rt: RuntimeConf) {
  return {
    command,
    containerId: rt.containerId,
    netns: rt.netns,
    ifName: rt.ifName,
    args: formatCniArgs(rt.args ?? []),
    pluginDirs: ctx.pluginDirs,
    timeoutMs: ctx.timeoutMs,
  };
}

/** ADD: runs every plugin in order; the last plugin's result is cached and returned. */
export async function addNetworkList(ctx: CniContext, list: NetConfList, rt: RuntimeConf): Promise<CniResult> {
  let prev: CniResult | undefined;
  for (const plugin of list.plugins) {
    const exec = () => execPlugin(plugin.type, pluginConfig(list, plugin, rt, prev), invocation(ctx, 'ADD', rt));
    const locked = ctx.serialize?.types.includes(plugin.type);
    const out = (await (locked ? ctx.serialize!.run(exec) : exec())) as CniResult | undefined;
    // A plugin that prints nothing passes the previous result through.
    prev = out ?? prev;
  }
  const result = prev ?? { cniVersion: list.cniVersion };
  writeCache(ctx, list, rt, result);
  return result;
}

/**
 * DEL: every plugin in reverse order, with the cached ADD result as prevResult
 * and the cached capability args when the caller has none. All plugins are
 * tried; the first failure is thrown afterwards (the cache is kept for a retry).
 */
export async function delNetworkList(ctx: CniContext, list: NetConfList, rt: RuntimeConf): Promise<void> {
  const cached = readCache(ctx, list, rt);
  const eff: RuntimeConf = {
    ...rt,
    args: rt.args ?? cached?.args,
    capabilityArgs: rt.capabilityArgs ?? cached?.capabilityArgs,
  };
  let firstError: unknown;
  for (const plugin of [...list.plugins].reverse()) {
    try {
      await execPlugin(plugin.type, pluginConfig(list, plugin, eff, cached?.result), invocation(ctx, 'DEL', eff));
    } catch (e) {
      firstError ??= e;
    }
  }
  if (firstError) throw firstError;
  rmSync(cachePath(ctx, list, rt), { force: true });
}

/**
 * CHECK: every plugin in order with the cached ADD result (spec 0.4.0+;
 * skipped when disableCheck). Plugin types in `skip` are left out (for
 * plugins whose CHECK is known to be broken; the caller checks them itself).
 */
export async function checkNetworkList(ctx: CniContext, list: NetConfList, rt: RuntimeConf, skip: string[] = []): Promise<void> {
  if (list.disableCheck) return;
  if (compareVersions(list.cniVersion, '0.4.0') < 0) throw new CniVersionError(`CHECK needs CNI 0.4.0 or later, list uses ${list.cniVersion}`);
  const cached = readCache(ctx, list, rt);
  if (!cached) throw new CniNotAttachedError(`no cached ADD result for ${rt.containerId}/${rt.ifName} on network ${list.name}`);
  const eff: RuntimeConf = { ...rt, args: rt.args ?? cached.args, capabilityArgs: rt.capabilityArgs ?? cached.capabilityArgs };
  for (const plugin of list.plugins) {
    if (skip.includes(plugin.type)) continue;
    await execPlugin(plugin.type, pluginConfig(list, plugin, eff, cached.result), invocation(ctx, 'CHECK', eff));
  }
}
