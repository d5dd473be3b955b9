// The service layer's flags, shared by `skiff up` and `skiff agent` (named
// like k3s's): cluster DNS address and domain, ingress ports, and `--disable`
// for the built-in components.
import { nthAddress, parseIPv4 } from '../network/cidr.js';
import { DEFAULT_SERVICE_CIDR } from '../network/cidr.js';
import { UsageError, type FlagSpec } from './args.js';

export const SERVICE_FLAGS: FlagSpec = {
  'cluster-dns': 'string',
  'cluster-domain': 'string',
  'ingress-http-port': 'number',
  'ingress-https-port': 'number',
  'ingress-bind-address': 'string',
  disable: 'string',
};

/** What `--disable` can turn off. */
export const DISABLEABLE = ['dns', 'ingress', 'servicelb', 'proxy', 'network-policy'] as const;
export type Disableable = (typeof DISABLEABLE)[number];

export interface ServiceLayerFlags {
  serviceCidr: string;
  clusterDns: string;
  clusterDomain: string;
  ingressHttpPort: number;
  ingressHttpsPort: number;
  ingressBindAddress: string;
  disabled: Set<Disableable>;
}

export function serviceLayerFlags(flags: Record<string, string | number | boolean>, serviceCidr = DEFAULT_SERVICE_CIDR): ServiceLayerFlags {
  const disabled = new Set<Disableable>();
  for (const d of String(flags.disable ?? '').split(',').map((s) => s.trim()).filter(Boolean)) {
    if (!(DISABLEABLE as readonly string[]).includes(d)) throw new UsageError(`--disable: unknown component "${d}" (one of ${DISABLEABLE.join(', ')})`);
    disabled.add(d as Disableable);
  }
  const clusterDns = String(flags['cluster-dns'] ?? nthAddress(serviceCidr, 10));
  try {
    parseIPv4(clusterDns);
  } catch {
    throw new UsageError(`--cluster-dns: invalid IPv4 address "${clusterDns}"`);
  }
  const clusterDomain = String(flags['cluster-domain'] ?? 'cluster.local');
  if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/.test(clusterDomain)) throw new UsageError(`--cluster-domain: invalid domain "${clusterDomain}"`);
  const port = (name: string, dflt: number): number => {
    const v = flags[name] === undefined ? dflt : Number(flags[name]);
    if (!Number.isInteger(v) || v < 0 || v > 65535) throw new UsageError(`--${name}: invalid port ${flags[name]}`);
    return v;
  };
  return {
    serviceCidr,
    clusterDns,
    clusterDomain,
    ingressHttpPort: port('ingress-http-port', 80),
    ingressHttpsPort: port('ingress-https-port', 443),
    ingressBindAddress: String(flags['ingress-bind-address'] ?? '0.0.0.0'),
    disabled,
  };
}
