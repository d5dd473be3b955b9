// IPv4 CIDR helpers for --cluster-cidr / --service-cidr: parsing and
// validation, per-node pod subnets (like kube-controller-manager's node IPAM
// with --node-cidr-mask-size, default /24), and well-known service addresses.
import { InvalidCidrError } from './errors.js';

export interface Cidr {
  /** Network address as an unsigned 32-bit integer (host bits cleared). */
  base: number;
  prefix: number;
}

export const DEFAULT_CLUSTER_CIDR = '10.42.0.0/16';
export const DEFAULT_SERVICE_CIDR = '10.43.0.0/16';
export const DEFAULT_NODE_MASK_SIZE = 24;

export function parseIPv4(s: string): number {
  const parts = s.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^(0|[1-9][0-9]{0,2})$/.test(p) && Number(p) <= 255)) {
    throw new InvalidCidrError(`invalid IPv4 address "${s}"`);
  }
  return parts.reduce((acc, p) => acc * 256 + Number(p), 0);
}

export function formatIPv4(n: number): string {
  return [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join('.');
}

function hostCount(prefix: number): number {
  return 2 ** (32 - prefix);
}

/** Parses "a.b.c.d/n"; with `strict` (the default) host bits must be zero, as Kubernetes requires of these flags. */
export function parseCidr(s: string, strict = true): Cidr {
  const m = /^([^/]+)\/(\d{1,2})$/.exec(s.trim());
  if (!m) throw new InvalidCidrError(`invalid CIDR "${s}": want a.b.c.d/n`);
  const prefix = Number(m[2]);
  if (prefix > 32) throw new InvalidCidrError(`invalid CIDR "${s}": prefix length must be 0-32`);
  const addr = parseIPv4(m[1]!);
  const base = addr - (addr % hostCount(prefix));
  if (strict && base !== addr) throw new InvalidCidrError(`invalid CIDR "${s}": host bits set (did you mean ${formatIPv4(base)}/${prefix}?)`);
  return { base, prefix };
}

export function formatCidr(c: Cidr): string {
  return `${formatIPv4(c.base)}/${c.prefix}`;
}

export function cidrContains(c: Cidr, ip: number): boolean {
  return ip >= c.base && ip < c.base + hostCount(c.prefix);
}

export function cidrsOverlap(a: Cidr, b: Cidr): boolean {
  return cidrContains(a, b.base) || cidrContains(b, a.base);
}

/** How many node subnets of size /maskSize fit in the cluster CIDR. */
export function nodeSubnetCount(cluster: Cidr, maskSize = DEFAULT_NODE_MASK_SIZE): number {
  if (maskSize < cluster.prefix || maskSize > 30) {
    throw new InvalidCidrError(`node mask size /${maskSize} must be between the cluster prefix /${cluster.prefix} and /30`);
  }
  return 2 ** (maskSize - cluster.prefix);
}

/** The index-th node subnet: for 10.42.0.0/16 and /24, index n is 10.42.n.0/24. */
export function nodeSubnet(cluster: Cidr | string, index: number, maskSize = DEFAULT_NODE_MASK_SIZE): string {
  const c = typeof cluster === 'string' ? parseCidr(cluster) : cluster;
  const count = nodeSubnetCount(c, maskSize);
  if (!Number.isInteger(index) || index < 0 || index >= count) {
    throw new InvalidCidrError(`node subnet index ${index} out of range: ${formatCidr(c)} holds ${count} /${maskSize} subnets`);
  }
  return formatCidr({ base: c.base + index * hostCount(maskSize), prefix: maskSize });
}

/** The first node subnet index not in `taken` (subnets already allocated), or an error when all are used. */
export function allocateNodeSubnet(cluster: Cidr | string, taken: Iterable<string>, maskSize = DEFAULT_NODE_MASK_SIZE): string {
  const c = typeof cluster === 'string' ? parseCidr(cluster) : cluster;
  const used = new Set([...taken].map((t) => formatCidr(parseCidr(t))));
  const count = nodeSubnetCount(c, maskSize);
  for (let i = 0; i < count; i++) {
    const s = nodeSubnet(c, i, maskSize);
    if (!used.has(s)) return s;
  }
  throw new InvalidCidrError(`no free /${maskSize} subnet left in ${formatCidr(c)}`);
}

/** The n-th address of a CIDR (1 → the first usable address, e.g. 10.43.0.1 for the kubernetes Service). */
export function nthAddress(cidr: Cidr | string, n: number): string {
  const c = typeof cidr === 'string' ? parseCidr(cidr) : cidr;
  if (!Number.isInteger(n) || n < 0 || n >= hostCount(c.prefix)) throw new InvalidCidrError(`address ${n} is outside ${formatCidr(c)}`);
  return formatIPv4(c.base + n);
}

/**
 * Validates --cluster-cidr and --service-cidr together: both IPv4 CIDRs with
 * clear host bits, room for at least one node subnet, a service range of at
 * least /28 and at most /12 (as kube-apiserver caps it), and no overlap.
 */
export function validateClusterCidrs(clusterCidr: string, serviceCidr: string, maskSize = DEFAULT_NODE_MASK_SIZE): { cluster: Cidr; service: Cidr } {
  const cluster = parseCidr(clusterCidr);
  const service = parseCidr(serviceCidr);
  nodeSubnetCount(cluster, maskSize);
  if (service.prefix < 12) throw new InvalidCidrError(`service CIDR ${serviceCidr} is too large: at most /12`);
  if (service.prefix > 28) throw new InvalidCidrError(`service CIDR ${serviceCidr} is too small: at least /28`);
  if (cidrsOverlap(cluster, service)) throw new InvalidCidrError(`cluster CIDR ${clusterCidr} and service CIDR ${serviceCidr} overlap`);
  return { cluster, service };
}
