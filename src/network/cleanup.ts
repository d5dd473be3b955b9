// Removes everything pod networking created for one data dir: the pods'
// network namespaces, veths left on the bridge, the bridge, iptables rules
// naming the data dir's CNI network (and portmap's shared chains once no one
// uses them), the IPAM/result state, and the service layer's nft tables and
// DNS address. `skiff up` calls it on clean shutdown.
import { existsSync, readdirSync, rmSync, rmdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { networkNames } from './config.js';
import { run, runCommand } from './exec.js';
import { commentMatches, listRules, purgeNetworkRules, removeUnusedHostportChains } from './iptables.js';
import { deleteNetns, listNetns } from './netns.js';
import { nftAvailable, nftDeleteTable, nftTableExists } from './nft.js';
import { cleanupProxy } from '../proxy/cleanup.js';
import { HOSTPORT_LOCK, withHostLock } from './host-lock.js';

export interface Leftovers {
  netns: string[];
  bridge: boolean;
  /** Interfaces still enslaved to the bridge (host ends of veths). */
  veths: string[];
  /** iptables rules (nat and filter) whose comment names this data dir's network, as `table chain spec`. */
  rules: string[];
  /** Files left in the IPAM and result-cache directories. */
  stateFiles: string[];
  /** The service layer's nft tables (proxy, network policy) that still exist. */
  nftTables: string[];
  /** The node-local DNS address's dummy interface, if it still exists. */
  dnsLink: boolean;
}

export function linkExists(name: string): boolean {
  return existsSync(`/sys/class/net/${name}`);
}

/** Interfaces whose master is `bridge`. */
export async function bridgePorts(bridge: string): Promise<string[]> {
  if (!linkExists(bridge)) return [];
  const out = await run('ip', ['-j', 'link', 'show', 'master', bridge]);
  const links = JSON.parse(out || '[]') as { ifname: string }[];
  return links.map((l) => l.ifname);
}

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => !d.isDirectory())
    .map((d) => `${d.parentPath ?? d.path}/${d.name}`);
}

/** What of this data dir's networking still exists on the host. */
export async function findLeftovers(dataDir: string): Promise<Leftovers> {
  const n = networkNames(dataDir);
  const rules: string[] = [];
  for (const table of ['nat', 'filter']) {
    for (const r of (await listRules(table)).rules) {
      if (commentMatches(r.comment, n.network)) rules.push(`${table} ${r.chain} ${r.spec.join(' ')}`);
    }
  }
  return {
    netns: listNetns(n.netnsPrefix),
    bridge: linkExists(n.bridge),
    veths: await bridgePorts(n.bridge),
    rules,
    stateFiles: [...filesUnder(n.ipamDir), ...filesUnder(n.cacheDir)],
    nftTables: await serviceTables(n),
    dnsLink: linkExists(n.dnsLink),
  };
}

async function serviceTables(n: ReturnType<typeof networkNames>): Promise<string[]> {
  if (!(await nftAvailable())) return [];
  const out: string[] = [];
  for (const t of [n.proxyTable, n.netpolTable]) if (await nftTableExists('inet', t)) out.push(`inet ${t}`);
  return out;
}

export interface CleanupOptions {
  /** Also drop portmap's shared CNI-HOSTPORT-* chains when nothing uses them (default true). */
  removeUnusedSharedChains?: boolean;
}

/** Removes all of it; best effort per item, then reports what could not be removed. */
export async function cleanupNetwork(dataDir: string, opts: CleanupOptions = {}): Promise<Leftovers> {
  const n = networkNames(dataDir);
  for (const ns of listNetns(n.netnsPrefix)) await deleteNetns(ns).catch(() => {});
  for (const port of await bridgePorts(n.bridge).catch(() => [])) {
    await runCommand('ip', ['link', 'delete', port]);
  }
  if (linkExists(n.bridge)) await runCommand('ip', ['link', 'delete', n.bridge]);
  await purgeNetworkRules(n.network).catch(() => 0);
  await cleanupProxy(n.proxyTable).catch(() => {}); // its nft table, or the iptables fallback's chains
  if (await nftAvailable()) await nftDeleteTable('inet', n.netpolTable).catch(() => {});
  if (linkExists(n.dnsLink)) await runCommand('ip', ['link', 'delete', n.dnsLink]);
  if (opts.removeUnusedSharedChains ?? true) await withHostLock(HOSTPORT_LOCK, removeUnusedHostportChains).catch(() => false);
  for (const dir of [n.ipamDir, n.cacheDir]) rmSync(dir, { recursive: true, force: true });
  try {
    rmdirSync(dirname(n.ipamDir)); // <dataDir>/cni, if now empty
  } catch {
    // not empty or already gone
  }
  return findLeftovers(dataDir);
}

export function isClean(l: Leftovers): boolean {
  return l.netns.length === 0 && !l.bridge && l.veths.length === 0 && l.rules.length === 0 && l.stateFiles.length === 0 && l.nftTables.length === 0 && !l.dnsLink;
}
