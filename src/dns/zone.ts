// The cluster zone's own records (SOA, NS, the nameserver's address, the
// dns-version TXT) and builders for answers: positive, NODATA, NXDOMAIN.
import type { Answer } from 'dns-packet';
import { isIP } from 'node:net';
import type { LookupResult } from './types.js';

export interface ZoneConfig {
  /** The cluster domain, lowercase, no trailing dot (cluster.local). */
  zone: string;
  /** TTL of every record in the zone and the SOA minimum (negative-caching TTL). */
  ttl: number;
  serial: number;
  /** Addresses of ns.dns.<zone> (the cluster DNS Service IP), if known. */
  nameserverIPs: string[];
}

/** Version of the Kubernetes DNS-based service discovery specification implemented. */
export const SPEC_VERSION = '1.1.0';

export function soaRecord(cfg: ZoneConfig): Answer {
  return {
    type: 'SOA',
    name: cfg.zone,
    ttl: cfg.ttl,
    class: 'IN',
    data: { mname: `ns.dns.${cfg.zone}`, rname: `hostmaster.${cfg.zone}`, serial: cfg.serial, refresh: 7200, retry: 1800, expire: 86400, minimum: cfg.ttl },
  };
}

export function addressRecords(name: string, ips: readonly string[], type: 'A' | 'AAAA', ttl: number): Answer[] {
  const fam = type === 'A' ? 4 : 6;
  const seen = new Set<string>();
  const out: Answer[] = [];
  for (const ip of ips) {
    if (isIP(ip) !== fam || seen.has(ip)) continue;
    seen.add(ip);
    out.push({ type, name, ttl, class: 'IN', data: ip });
  }
  return out;
}

/** A and AAAA records of a name (for additional sections). */
export function allAddressRecords(name: string, ips: readonly string[], ttl: number): Answer[] {
  return [...addressRecords(name, ips, 'A', ttl), ...addressRecords(name, ips, 'AAAA', ttl)];
}

export function positive(answers: Answer[], dep: string, additionals: Answer[] = []): LookupResult {
  return { kind: 'answer', rcode: 'NOERROR', answers, authorities: [], additionals, dep };
}

export function nodata(cfg: ZoneConfig, dep: string): LookupResult {
  return { kind: 'answer', rcode: 'NOERROR', answers: [], authorities: [soaRecord(cfg)], additionals: [], dep };
}

export function nxdomain(cfg: ZoneConfig, dep: string): LookupResult {
  return { kind: 'answer', rcode: 'NXDOMAIN', answers: [], authorities: [soaRecord(cfg)], additionals: [], dep };
}

/** Answers with records when there are some, NODATA otherwise. */
export function recordsOrNodata(cfg: ZoneConfig, answers: Answer[], dep: string, additionals: Answer[] = []): LookupResult {
  return answers.length ? positive(answers, dep, additionals) : nodata(cfg, dep);
}

/** The zone apex and the names CoreDNS serves inside it besides services and pods. */
export function apexLookup(cfg: ZoneConfig, name: string, type: string): LookupResult | undefined {
  const z = cfg.zone;
  if (name === z) {
    if (type === 'SOA') return positive([soaRecord(cfg)], 'static');
    if (type === 'NS') {
      const ns = `ns.dns.${z}`;
      return positive([{ type: 'NS', name: z, ttl: cfg.ttl, class: 'IN', data: ns }], 'static', allAddressRecords(ns, cfg.nameserverIPs, cfg.ttl));
    }
    return nodata(cfg, 'static');
  }
  if (name === `dns-version.${z}`) {
    return type === 'TXT' ? positive([{ type: 'TXT', name, ttl: cfg.ttl, class: 'IN', data: SPEC_VERSION }], 'static') : nodata(cfg, 'static');
  }
  if (name === `ns.dns.${z}`) {
    return type === 'A' || type === 'AAAA' ? recordsOrNodata(cfg, addressRecords(name, cfg.nameserverIPs, type, cfg.ttl), 'static') : nodata(cfg, 'static');
  }
  if (name === `dns.${z}`) return nodata(cfg, 'static');
  return undefined;
}
