// Answers a question from the record index per the Kubernetes DNS
// specification, the way CoreDNS's kubernetes plugin does (pods insecure,
// reverse zones falling through): services, headless endpoints, SRV by
// named port, pod A records, PTR, ExternalName CNAMEs, NXDOMAIN vs NODATA.
import type { Answer } from 'dns-packet';
import { isIP } from 'node:net';
import { addressOfReverse, undashIP } from './names.js';
import type { RecordIndex } from './record-index.js';
import type { EndpointView, PortView, ServiceView } from './service-view.js';
import type { LookupResult } from './types.js';
import { addressRecords, allAddressRecords, apexLookup, nodata, nxdomain, positive, recordsOrNodata, type ZoneConfig } from './zone.js';

/** `name` lowercase without the trailing dot; `type` a dns-packet record type name. */
export function lookup(index: RecordIndex, cfg: ZoneConfig, name: string, type: string): LookupResult {
  const z = cfg.zone;
  if (name === z || name.endsWith(`.${z}`)) return lookupCluster(index, cfg, name, type);
  if (type === 'PTR' && (name.endsWith('.in-addr.arpa') || name.endsWith('.ip6.arpa'))) {
    const ip = addressOfReverse(name);
    const targets = ip ? index.ptrTargets(ip) : [];
    if (!targets.length) return { kind: 'forward' };
    return positive(targets.map((t) => ({ type: 'PTR', name, ttl: cfg.ttl, class: 'IN', data: t })), `ptr:${ip}`);
  }
  return { kind: 'forward' };
}

function lookupCluster(index: RecordIndex, cfg: ZoneConfig, name: string, type: string): LookupResult {
  const apex = apexLookup(cfg, name, type);
  if (apex) return apex;
  const segs = name.slice(0, -(cfg.zone.length + 1)).split('.');
  const kind = segs.pop();
  const n = segs.length;
  if (kind !== 'svc' && kind !== 'pod') return nxdomain(cfg, 'static');
  if (n === 0) return nodata(cfg, 'static');
  const ns = segs[n - 1]!;
  if (kind === 'pod') {
    const dep = `ns:${ns}`;
    if (!index.hasNamespace(ns)) return nxdomain(cfg, dep);
    if (n === 1) return nodata(cfg, dep);
    const ip = n === 2 ? undashIP(segs[0]!) : undefined;
    if (!ip) return nxdomain(cfg, dep);
    return type === 'A' || type === 'AAAA' ? recordsOrNodata(cfg, addressRecords(name, [ip], type, cfg.ttl), dep) : nodata(cfg, dep);
  }
  if (n === 1) return index.hasNamespace(ns) ? nodata(cfg, `ns:${ns}`) : nxdomain(cfg, `ns:${ns}`);
  const dep = `svc:${ns}/${segs[n - 2]}`;
  const view = index.service(ns, segs[n - 2]!);
  if (!view) return nxdomain(cfg, dep);
  const fqdn = `${view.name}.${view.namespace}.svc.${cfg.zone}`;
  const rest = segs.slice(0, n - 2);
  if (rest.length === 0) return serviceRecords(cfg, view, fqdn, name, type, dep);
  if (view.kind === 'external') return nxdomain(cfg, dep);
  if (rest.length === 1) {
    const eps = view.byLabel.get(rest[0]!);
    if (!eps) return nxdomain(cfg, dep);
    return targetsAnswer(cfg, name, type, dep, eps.flatMap((e) => e.ports.filter((p) => p.port > 0).map((p) => ({ port: p, target: name, ips: e.addresses }))), eps.flatMap((e) => e.addresses));
  }
  if (rest.length === 2) {
    const portName = rest[0]!.replace(/^_/, '');
    const proto = rest[1]!.replace(/^_/, '');
    const match = (p: PortView): boolean => p.port > 0 && p.name === portName && p.protocol === proto;
    const targets = srvTargets(view, fqdn).filter((t) => match(t.port));
    if (!targets.length) return nxdomain(cfg, dep);
    return targetsAnswer(cfg, name, type, dep, targets, targets.flatMap((t) => t.ips));
  }
  return nxdomain(cfg, dep);
}

interface Target {
  port: PortView;
  /** SRV target name. */
  target: string;
  ips: string[];
}

/** What SRV records of a service point at: the service name per port (ClusterIP), each endpoint per port (headless). */
function srvTargets(view: ServiceView, fqdn: string): Target[] {
  if (view.kind === 'clusterip') return view.ports.filter((p) => p.port > 0).map((port) => ({ port, target: fqdn, ips: view.clusterIPs }));
  return view.endpoints.flatMap((e: EndpointView) => e.ports.filter((p) => p.port > 0).map((port) => ({ port, target: `${e.label}.${fqdn}`, ips: e.addresses })));
}

function serviceRecords(cfg: ZoneConfig, view: ServiceView, fqdn: string, name: string, type: string, dep: string): LookupResult {
  if (view.kind === 'external') {
    const target = (view.externalName ?? '').toLowerCase().replace(/\.$/, '');
    // An address is no name to alias (CoreDNS skips such services too).
    if (!target || isIP(target)) return nxdomain(cfg, dep);
    const cname: Answer = { type: 'CNAME', name, ttl: cfg.ttl, class: 'IN', data: target };
    if (type === 'A' || type === 'AAAA') return { kind: 'cname', cname, target, dep };
    return positive([cname], dep);
  }
  // A headless service without (ready) endpoints does not exist, as in CoreDNS.
  if (view.kind === 'headless' && view.endpoints.length === 0) return nxdomain(cfg, dep);
  const ips = view.kind === 'clusterip' ? view.clusterIPs : view.endpoints.flatMap((e) => e.addresses);
  return targetsAnswer(cfg, name, type, dep, srvTargets(view, fqdn), ips);
}

/** A/AAAA from `ips`, SRV (with the targets' addresses as additionals) from `targets`, NODATA for other types. */
function targetsAnswer(cfg: ZoneConfig, name: string, type: string, dep: string, targets: Target[], ips: string[]): LookupResult {
  if (type === 'A' || type === 'AAAA') return recordsOrNodata(cfg, addressRecords(name, ips, type, cfg.ttl), dep);
  if (type !== 'SRV' || !targets.length) return nodata(cfg, dep);
  const weight = Math.max(1, Math.floor(100 / targets.length));
  const answers: Answer[] = [];
  const seen = new Set<string>();
  const additionals: Answer[] = [];
  for (const t of targets) {
    answers.push({ type: 'SRV', name, ttl: cfg.ttl, class: 'IN', data: { priority: 0, weight, port: t.port.port, target: t.target } });
    if (seen.has(t.target)) continue;
    seen.add(t.target);
    additionals.push(...allAddressRecords(t.target, t.ips, cfg.ttl));
  }
  return positive(answers, dep, additionals);
}
