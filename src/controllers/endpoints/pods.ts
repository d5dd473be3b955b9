// Pod facts shared by the Endpoints and EndpointSlice controllers
// (upstream endpointslice/util and podutil): which pods belong in endpoints,
// readiness, the IPv4 address, named target ports, hostnames.
import type { EndpointPort, Pod, Service, ServicePort } from './types.js';

export class PortNotFoundError extends Error {
  constructor(pod: string, port: string | number) {
    super(`no suitable port for manifest: ${pod} (${port})`);
    this.name = 'PortNotFoundError';
  }
}

export { isPodReady } from '../pod-conditions.js';

/** ShouldPodBeInEndpoints: needs an IP, not terminating (unless included), and not finished for good. */
export function shouldPodBeInEndpoints(pod: Pod, includeTerminating: boolean): boolean {
  if (!pod.status?.podIP && !(pod.status?.podIPs ?? []).length) return false;
  if (!includeTerminating && pod.metadata?.deletionTimestamp) return false;
  const phase = pod.status?.phase;
  const restart = pod.spec?.restartPolicy;
  if (restart === 'Never') return phase !== 'Failed' && phase !== 'Succeeded';
  if (restart === 'OnFailure') return phase !== 'Succeeded';
  return true;
}

const isIPv4 = (ip: string): boolean => /^\d{1,3}(\.\d{1,3}){3}$/.test(ip);

/** The pod's IPv4 address (Skiff services are single-stack IPv4). */
export function podIPv4(pod: Pod): string | undefined {
  const ips = [...(pod.status?.podIPs ?? []).map((p) => p.ip), pod.status?.podIP ?? ''];
  return ips.find((ip) => ip && isIPv4(ip));
}

/** FindPort: a numeric targetPort as is; a named one looked up in the pod's containers (same protocol). */
export function findPort(pod: Pod, sp: ServicePort): number {
  const target = sp.targetPort ?? sp.port;
  if (typeof target === 'number') return target;
  if (/^\d+$/.test(target)) return Number(target);
  const protocol = sp.protocol ?? 'TCP';
  for (const c of pod.spec?.containers ?? []) {
    for (const p of c.ports ?? []) if (p.name === target && (p.protocol ?? 'TCP') === protocol) return p.containerPort;
  }
  throw new PortNotFoundError(String(pod.metadata?.name), target);
}

export function endpointPort(sp: ServicePort, port: number): EndpointPort {
  const out: EndpointPort = { name: sp.name ?? '', port, protocol: sp.protocol ?? 'TCP' };
  if (sp.appProtocol) out.appProtocol = sp.appProtocol;
  return out;
}

/** The pod's resolved ports for the service (ports it cannot serve are left out). */
export function podPorts(svc: Service, pod: Pod): EndpointPort[] {
  const out: EndpointPort[] = [];
  for (const sp of svc.spec?.ports ?? []) {
    try {
      out.push(endpointPort(sp, findPort(pod, sp)));
    } catch (e) {
      if (!(e instanceof PortNotFoundError)) throw e;
    }
  }
  return out;
}

export function shouldSetHostname(pod: Pod, svc: Service): boolean {
  return !!pod.spec?.hostname && pod.spec.subdomain === svc.metadata?.name && pod.metadata?.namespace === svc.metadata?.namespace;
}

/** Services with no selector (user-managed endpoints) and ExternalName services get nothing from us. */
export function managesEndpoints(svc: Service): boolean {
  if (svc.spec?.type === 'ExternalName') return false;
  const sel = svc.spec?.selector;
  return !!sel && Object.keys(sel).length > 0;
}

export function selects(svc: Service, pod: Pod): boolean {
  const sel = svc.spec?.selector ?? {};
  const labels = pod.metadata?.labels ?? {};
  return Object.entries(sel).every(([k, v]) => labels[k] === v);
}

/** A service with a cluster IP set (not headless). */
export function isServiceIPSet(svc: Service): boolean {
  const ip = svc.spec?.clusterIP;
  return !!ip && ip !== 'None';
}

export const HEADLESS_LABEL = 'service.kubernetes.io/headless';
export const TRIGGER_TIME_ANNOTATION = 'endpoints.kubernetes.io/last-change-trigger-time';

export function portKey(p: EndpointPort): string {
  return `${p.name ?? ''}|${p.port}|${p.protocol ?? 'TCP'}|${p.appProtocol ?? ''}`;
}

export function comparePorts(a: EndpointPort, b: EndpointPort): number {
  const ka = portKey(a);
  const kb = portKey(b);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

/** Compares dotted IPv4 addresses numerically. */
export function compareIPs(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 4; i++) if (pa[i] !== pb[i]) return (pa[i] ?? 0) - (pb[i] ?? 0);
  return 0;
}
