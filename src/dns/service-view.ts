// A Service with its EndpointSlices reduced to what DNS answers from: the
// kind (ClusterIP, headless, ExternalName), cluster IPs, ports, and the
// ready endpoints (all of them with publishNotReadyAddresses) with their
// DNS names (hostname, or the dashed address as CoreDNS does).
import { isIP } from 'node:net';
import { canonicalIP, dashedIP } from './names.js';
import type { DnsEndpointSlice, DnsService } from './types.js';

export interface PortView {
  /** Lowercase port name ('' when unnamed). */
  name: string;
  port: number;
  /** Lowercase protocol: tcp, udp, sctp. */
  protocol: string;
}

export interface EndpointView {
  /** Lowercase DNS label: the endpoint's hostname or its dashed address. */
  label: string;
  addresses: string[];
  ports: PortView[];
}

export interface ServiceView {
  /** namespace/name */
  key: string;
  namespace: string;
  name: string;
  kind: 'clusterip' | 'headless' | 'external';
  clusterIPs: string[];
  externalName?: string;
  ports: PortView[];
  endpoints: EndpointView[];
  byLabel: Map<string, EndpointView[]>;
}

const portView = (p: { name?: string | null; port?: number | null; protocol?: string | null }): PortView => ({
  name: (p.name ?? '').toLowerCase(),
  port: p.port ?? 0,
  protocol: (p.protocol ?? 'TCP').toLowerCase(),
});

export function buildServiceView(svc: DnsService, slices: Iterable<DnsEndpointSlice>): ServiceView {
  const namespace = String(svc.metadata?.namespace ?? '');
  const name = String(svc.metadata?.name ?? '');
  const spec = svc.spec ?? {};
  const kind = spec.type === 'ExternalName' ? 'external' : spec.clusterIP === 'None' ? 'headless' : 'clusterip';
  const ips = spec.clusterIPs?.length ? spec.clusterIPs : spec.clusterIP ? [spec.clusterIP] : [];
  const clusterIPs = kind === 'clusterip' ? ips.filter((ip) => isIP(ip) !== 0).map(canonicalIP) : [];
  const ports = (spec.ports ?? []).map(portView);
  const publishAll = spec.publishNotReadyAddresses === true;
  const endpoints: EndpointView[] = [];
  const byLabel = new Map<string, EndpointView[]>();
  if (kind !== 'external') {
    for (const slice of slices) {
      const slicePorts = (slice.ports ?? []).map(portView);
      for (const ep of slice.endpoints ?? []) {
        const ready = ep.conditions?.ready !== false;
        if (!ready && !publishAll) continue;
        const addresses = (ep.addresses ?? []).filter((a) => isIP(a) !== 0).map(canonicalIP);
        if (!addresses.length) continue;
        const label = (ep.hostname || dashedIP(addresses[0]!)).toLowerCase();
        const view: EndpointView = { label, addresses, ports: slicePorts };
        endpoints.push(view);
        const list = byLabel.get(label);
        if (list) list.push(view);
        else byLabel.set(label, [view]);
      }
    }
  }
  return { key: `${namespace}/${name}`, namespace, name, kind, clusterIPs, externalName: spec.externalName, ports, endpoints, byLabel };
}

/** The addresses PTR records point back to this service for: cluster IPs, and every endpoint's. */
export function viewAddresses(v: ServiceView | undefined): string[] {
  if (!v) return [];
  return [...v.clusterIPs, ...v.endpoints.flatMap((e) => e.addresses)];
}
