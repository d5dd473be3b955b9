// The network Skiff gives pods: a per-data-dir Linux bridge with host-local
// IPAM over this node's pod subnet, masquerade for traffic leaving the subnet,
// and portmap for hostPorts. Every name and state directory is derived from
// the data dir, so two clusters on one machine never share bridges, IPAM
// state, cached results or iptables chains' comments.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { formatCidr, parseCidr } from './cidr.js';
import type { NetConfList } from './types.js';

export { DEFAULT_CLUSTER_CIDR, DEFAULT_SERVICE_CIDR, allocateNodeSubnet, nodeSubnet, parseCidr, validateClusterCidrs } from './cidr.js';

export interface NetworkNames {
  /** 8 hex digits of sha256(absolute data dir). */
  hash: string;
  /** CNI network name (appears in the bridge/portmap iptables rule comments). */
  network: string;
  /** Bridge interface name (≤ 15 characters, the Linux IFNAMSIZ limit). */
  bridge: string;
  /** Prefix of the named network namespaces of this data dir's pods. */
  netnsPrefix: string;
  /** host-local's dataDir (it keeps `<dir>/<network>/` with one file per leased address). */
  ipamDir: string;
  /** Cached ADD results (for DEL and CHECK). */
  cacheDir: string;
  /** nftables table (family inet) of the service proxy. */
  proxyTable: string;
  /** nftables table (family inet) of network policy. */
  netpolTable: string;
  /** Dummy interface holding the node-local cluster DNS address. */
  dnsLink: string;
}

export function networkNames(dataDir: string): NetworkNames {
  const abs = resolve(dataDir);
  const hash = createHash('sha256').update(abs).digest('hex').slice(0, 8);
  return {
    hash,
    network: `skiff-${hash}`,
    bridge: `skf${hash}`,
    netnsPrefix: `skiff-${hash}-`,
    ipamDir: join(abs, 'cni', 'ipam'),
    cacheDir: join(abs, 'cni', 'results'),
    proxyTable: `skiff-proxy-${hash}`,
    netpolTable: `skiff-netpol-${hash}`,
    dnsLink: `skd${hash}`,
  };
}

export interface PodNetworkConfig {
  dataDir: string;
  /** This node's pod subnet, e.g. 10.42.0.0/24. */
  podCidr: string;
  cniVersion?: string;
  /** MTU for the bridge and veths; default: the host's default-route interface MTU. */
  mtu?: number;
}

/**
 * The main pod network: bridge (gateway, default route, hairpin) + portmap.
 * Masquerading is not the bridge plugin's (`ipMasq` would add a chain of
 * rules per pod): one rule set for the whole node subnet is installed once
 * (masquerade.ts). `portmap: false` gives the same network without portmap,
 * for pods without hostPorts (same name, so both share cached results).
 */
export function podNetworkConfList(cfg: PodNetworkConfig, o: { portmap?: boolean } = {}): NetConfList {
  const names = networkNames(cfg.dataDir);
  const subnet = parseCidr(cfg.podCidr);
  const mtu = cfg.mtu ?? hostMtu();
  return {
    cniVersion: cfg.cniVersion ?? '1.0.0',
    name: names.network,
    plugins: [
      {
        type: 'bridge',
        bridge: names.bridge,
        isGateway: true,
        isDefaultGateway: true,
        ipMasq: false,
        hairpinMode: true,
        ...(mtu ? { mtu } : {}),
        ipam: {
          type: 'host-local',
          ranges: [[{ subnet: formatCidr(subnet) }]],
          dataDir: names.ipamDir,
        },
      },
      ...(o.portmap === false ? [] : [{ type: 'portmap', capabilities: { portMappings: true }, snat: true }]),
    ],
  };
}

/**
 * Loopback is its own one-plugin list: every plugin in a chain gets the same
 * CNI_IFNAME, and loopback must be invoked with "lo" (as CRI-O and containerd do).
 */
export function loopbackConfList(cniVersion = '1.0.0'): NetConfList {
  return { cniVersion, name: 'skiff-loopback', plugins: [{ type: 'loopback' }] };
}

/** MTU of the interface carrying the default route (undefined if there is none). */
export function hostMtu(): number | undefined {
  try {
    const routes = readFileSync('/proc/net/route', 'utf8').split('\n').slice(1);
    for (const line of routes) {
      const f = line.trim().split(/\s+/);
      if (f.length > 2 && f[1] === '00000000' && f[7] === '00000000') {
        const mtu = Number(readFileSync(`/sys/class/net/${f[0]}/mtu`, 'utf8').trim());
        return Number.isInteger(mtu) && mtu >= 576 ? mtu : undefined;
      }
    }
  } catch {
    // no /proc/net/route (not Linux): let the plugin pick
  }
  return undefined;
}
