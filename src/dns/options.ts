// ClusterDns's options and the counters stats() reports.
import type { InformerFactory } from '../controllers/informers.js';

export interface ClusterDnsOptions {
  /** Shared informers (all namespaces): services, endpointslices and namespaces are asked for. */
  informers: InformerFactory;
  /** Default cluster.local. */
  clusterDomain?: string;
  /** UDP and TCP on this address; port 0 picks a free port (tests). */
  listen: { host: string; port: number };
  /** "ip" or "ip:port"; default: the nameservers of `resolvConf`. */
  upstreams?: string[];
  /** Default /etc/resolv.conf. */
  resolvConf?: string;
  /** TTL of cluster records (default 5 s, CoreDNS's). */
  ttl?: number;
  /** Address(es) of ns.dns.<domain> (default: the listen address unless it is a wildcard or loopback). */
  nameserverIPs?: string[];
  /** Per-upstream timeout (default 2000 ms). */
  upstreamTimeoutMs?: number;
  /** Cap on cached upstream TTLs, positive and negative (default 30 s). */
  maxCacheTtl?: number;
  log(line: string): void;
}

export interface ClusterDnsStats {
  udp: number;
  tcp: number;
  malformed: number;
  cluster: number;
  forwarded: number;
  servfail: number;
  truncated: number;
  answerCache: { size: number; hits: number; misses: number };
  forwardCache: { size: number; hits: number; misses: number };
  upstream: { queries: number; timeouts: number; tcp: number; failures: number };
  services: number;
  synced: boolean;
}
