// The service/endpoint model (kube-proxy's ServicePortInfo + EndpointsMap +
// CategorizeEndpoints): one PortPlan per Service port, with the endpoints the
// cluster and local traffic policies use. Backend-independent and pure.
import { isIPv4 } from 'node:net';
import type { ProxyEndpointSlice, ProxyService, ProxyServicePort, SliceEndpoint } from './types.js';

export type Protocol = 'tcp' | 'udp' | 'sctp';

export interface Endpoint {
  ip: string;
  port: number;
  /** On this node (nodeName matches). */
  local: boolean;
  ready: boolean;
  serving: boolean;
  terminating: boolean;
}

export interface PortPlan {
  /** namespace/name/protocol/portName (kube-proxy's ServicePortName). */
  id: string;
  /** namespace/name */
  service: string;
  protocol: Protocol;
  port: number;
  /** Absent when the Service has none we program (headless, skipped). */
  clusterIP?: string;
  nodePort?: number;
  externalIPs: string[];
  loadBalancerIPs: string[];
  /** ServiceLB: `port` answers on every local address of the node. */
  serviceLB: boolean;
  /** ClientIP session affinity timeout; 0: no affinity. */
  affinitySeconds: number;
  internalLocal: boolean;
  externalLocal: boolean;
  /** Endpoints of the Cluster policy: ready ones, else serving+terminating. */
  clusterEndpoints: Endpoint[];
  /** Endpoints of the Local policy (only when a Local policy is in use). */
  localEndpoints: Endpoint[];
  /** Any usable endpoint anywhere (else: reject rather than drop). */
  hasEndpoints: boolean;
}

export interface ModelOptions {
  nodeName: string;
  skipClusterIPs?: ReadonlySet<string>;
}

const PROTOCOLS = new Set(['tcp', 'udp', 'sctp']);
const DEFAULT_AFFINITY_SECONDS = 10800;

export function protocolOf(p: string | null | undefined): Protocol | undefined {
  const v = (p ?? 'TCP').toLowerCase();
  return PROTOCOLS.has(v) ? (v as Protocol) : undefined;
}

function conditionsOf(ep: SliceEndpoint): { ready: boolean; serving: boolean; terminating: boolean } {
  const c = ep.conditions ?? {};
  const ready = c.ready !== false; // unset means ready (discovery/v1)
  const serving = c.serving == null ? ready : c.serving;
  return { ready, serving, terminating: c.terminating === true };
}

/** The endpoints of one service port over all of its slices (IPv4, deduplicated by ip:port, sorted). */
export function portEndpoints(sp: ProxyServicePort, slices: Iterable<ProxyEndpointSlice>, nodeName: string): Endpoint[] {
  const name = sp.name ?? '';
  const proto = protocolOf(sp.protocol);
  const byAddr = new Map<string, Endpoint>();
  for (const s of slices) {
    if (s.addressType && s.addressType !== 'IPv4') continue;
    const p = (s.ports ?? []).find((x) => (x.name ?? '') === name && protocolOf(x.protocol) === proto);
    if (!p || !p.port || p.port < 1 || p.port > 65535) continue;
    for (const ep of s.endpoints ?? []) {
      const ip = ep.addresses?.[0];
      if (!ip || !isIPv4(ip)) continue;
      const e: Endpoint = { ip, port: p.port, local: !!nodeName && ep.nodeName === nodeName, ...conditionsOf(ep) };
      const k = `${ip}:${p.port}`;
      const old = byAddr.get(k);
      if (!old || (!old.ready && e.ready)) byAddr.set(k, e);
    }
  }
  return [...byAddr.values()].sort((a, b) => cmpAddr(a, b));
}

function cmpAddr(a: Endpoint, b: Endpoint): number {
  const pa = a.ip.split('.').map(Number);
  const pb = b.ip.split('.').map(Number);
  for (let i = 0; i < 4; i++) if (pa[i] !== pb[i]) return pa[i]! - pb[i]!;
  return a.port - b.port;
}

/** Ready endpoints; when there are none, the serving+terminating ones (upstream's fallback). */
export function usableEndpoints(eps: Endpoint[]): Endpoint[] {
  const ready = eps.filter((e) => e.ready);
  return ready.length ? ready : eps.filter((e) => e.serving && e.terminating);
}

const ipv4s = (xs: Array<string | undefined> | undefined): string[] => [...new Set((xs ?? []).filter((x): x is string => !!x && isIPv4(x)))].sort();

/** The PortPlans of a Service with its EndpointSlices (none for headless and ExternalName Services). */
export function servicePlans(svc: ProxyService, slices: Iterable<ProxyEndpointSlice>, o: ModelOptions): PortPlan[] {
  const spec = svc.spec ?? {};
  const ns = svc.metadata?.namespace ?? '';
  const name = svc.metadata?.name ?? '';
  if (spec.type === 'ExternalName') return [];
  const cip = spec.clusterIP;
  if (!cip || cip === 'None' || !isIPv4(cip)) return [];
  const clusterIP = o.skipClusterIPs?.has(cip) ? undefined : cip;
  const isLB = spec.type === 'LoadBalancer';
  const withNodePorts = isLB || spec.type === 'NodePort';
  const ingress = isLB ? (svc.status?.loadBalancer?.ingress ?? []) : [];
  const loadBalancerIPs = ipv4s(ingress.map((i) => i.ip));
  const serviceLB = isLB && !spec.loadBalancerClass && ingress.length > 0;
  const externalIPs = ipv4s(spec.externalIPs);
  const affinitySeconds = spec.sessionAffinity === 'ClientIP' ? (spec.sessionAffinityConfig?.clientIP?.timeoutSeconds ?? DEFAULT_AFFINITY_SECONDS) : 0;
  const sliceList = [...slices];
  const plans: PortPlan[] = [];
  for (const sp of spec.ports ?? []) {
    const protocol = protocolOf(sp.protocol);
    if (!protocol || !sp.port) continue;
    const nodePort = withNodePorts && sp.nodePort ? sp.nodePort : undefined;
    const externallyAccessible = !!nodePort || externalIPs.length > 0 || loadBalancerIPs.length > 0 || serviceLB;
    const internalLocal = spec.internalTrafficPolicy === 'Local';
    const externalLocal = externallyAccessible && spec.externalTrafficPolicy === 'Local';
    const all = portEndpoints(sp, sliceList, o.nodeName);
    const cluster = usableEndpoints(all);
    // Even with externalTrafficPolicy Local, external traffic from pods and the node short-circuits to the Cluster endpoints.
    const usesCluster = !internalLocal || externallyAccessible;
    const usesLocal = internalLocal || externalLocal;
    plans.push({
      id: `${ns}/${name}/${protocol}/${sp.name ?? ''}`,
      service: `${ns}/${name}`,
      protocol,
      port: sp.port,
      clusterIP,
      nodePort,
      externalIPs,
      loadBalancerIPs,
      serviceLB,
      affinitySeconds,
      internalLocal,
      externalLocal,
      clusterEndpoints: usesCluster ? cluster : [],
      localEndpoints: usesLocal ? usableEndpoints(all.filter((e) => e.local)) : [],
      hasEndpoints: cluster.length > 0,
    });
  }
  return plans;
}

/** Whether traffic to NodePorts / external IPs / LB addresses is handled at all. */
export function externallyAccessible(p: PortPlan): boolean {
  return !!p.nodePort || p.externalIPs.length > 0 || p.loadBalancerIPs.length > 0 || p.serviceLB;
}

export interface Traffic {
  /** Cluster IP traffic goes to the Local policy's endpoints. */
  internalLocal: boolean;
  /** There are endpoints for cluster IP traffic (else: drop, or reject without any endpoint). */
  hasInternal: boolean;
  /** There are endpoints for external traffic not short-circuited. */
  hasExternal: boolean;
  /** External destinations (node ports, external/LB IPs) are captured at all. */
  usesExternal: boolean;
  /** What to do with traffic that has no endpoints. */
  noEndpoints: 'reject' | 'drop';
}

/** How a port's traffic is routed given its policies and endpoints (kube-proxy's syncProxyRules decisions). */
export function trafficOf(p: PortPlan): Traffic {
  const hasLocal = p.localEndpoints.length > 0;
  return {
    internalLocal: p.internalLocal,
    hasInternal: p.internalLocal ? hasLocal : p.hasEndpoints,
    hasExternal: p.externalLocal ? hasLocal : p.hasEndpoints,
    usesExternal: p.hasEndpoints && externallyAccessible(p),
    noEndpoints: p.hasEndpoints ? 'drop' : 'reject',
  };
}

/** Every endpoint some chain of the port sends to (cluster and local, deduplicated). */
export function reachableEndpoints(p: PortPlan): Endpoint[] {
  const m = new Map<string, Endpoint>();
  for (const e of [...p.clusterEndpoints, ...p.localEndpoints]) m.set(`${e.ip}:${e.port}`, e);
  return [...m.values()];
}
