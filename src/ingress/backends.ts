// Backend resolution: an Ingress backend (Service + port number or name) →
// the Service's port → the ready endpoints of its EndpointSlices (label
// kubernetes.io/service-name, the slice port with the Service port's name) →
// `ip:port` targets, picked round-robin. ExternalName Services resolve to
// their DNS name and the Service port. Results are cached per backend until
// the Service or one of its slices changes.
import type { Informer } from '../client/types.js';
import type { BackendRef } from './routes.js';
import type { EndpointSlice, Service } from './types.js';
import { SERVICE_NAME_LABEL } from './types.js';

export const SLICE_INDEX = 'skiff-ingress/service';

export interface Endpoint {
  host: string;
  port: number;
  /** `ip:port` (for logs and retries). */
  id: string;
}

export interface BackendState {
  endpoints: Endpoint[];
  /** Why there are no endpoints (unknown Service, no such port, none ready). */
  problem?: string;
  next: number;
}

export function sliceIndex(s: EndpointSlice): string[] {
  const svc = s.metadata?.labels?.[SERVICE_NAME_LABEL];
  return svc ? [`${s.metadata?.namespace}/${svc}`] : [];
}

export class Backends {
  private readonly cache = new Map<string, Map<string, BackendState>>();

  constructor(
    private readonly services: Informer<Service>,
    private readonly slices: Informer<EndpointSlice>,
  ) {
    slices.addIndex(SLICE_INDEX, sliceIndex);
  }

  /** Forgets what is cached for Service `namespace/name` (or everything). */
  invalidate(serviceKey?: string): void {
    if (serviceKey === undefined) this.cache.clear();
    else this.cache.delete(serviceKey);
  }

  resolve(ref: BackendRef): BackendState {
    const svcKey = `${ref.namespace}/${ref.service}`;
    let byPort = this.cache.get(svcKey);
    if (!byPort) this.cache.set(svcKey, (byPort = new Map()));
    let st = byPort.get(ref.key);
    if (!st) byPort.set(ref.key, (st = this.compute(ref, svcKey)));
    return st;
  }

  /** The next endpoint round-robin, skipping `tried` ids while others remain. */
  pick(st: BackendState, tried?: Set<string>): Endpoint | undefined {
    const eps = st.endpoints;
    const n = eps.length;
    if (n === 0) return undefined;
    for (let i = 0; i < n; i++) {
      const ep = eps[st.next++ % n]!;
      if (!tried || !tried.has(ep.id)) return ep;
    }
    return undefined;
  }

  private compute(ref: BackendRef, svcKey: string): BackendState {
    const svc = this.services.get(svcKey);
    const none = (problem: string): BackendState => ({ endpoints: [], problem, next: 0 });
    if (!svc) return none(`service ${svcKey} not found`);
    const want = ref.port;
    const sp = (svc.spec?.ports ?? []).find((p) => (want.number ? p.port === want.number : !!want.name && p.name === want.name));
    if (svc.spec?.type === 'ExternalName' && svc.spec.externalName) {
      const port = sp?.port ?? want.number;
      if (!port) return none(`service ${svcKey} has no port ${want.name ?? ''}`);
      const host = svc.spec.externalName;
      return { endpoints: [{ host, port, id: `${host}:${port}` }], next: 0 };
    }
    if (!sp) return none(`service ${svcKey} has no port ${want.number ?? want.name ?? '(unset)'}`);
    const portName = sp.name ?? '';
    const seen = new Set<string>();
    const endpoints: Endpoint[] = [];
    for (const slice of this.slices.byIndex(SLICE_INDEX, svcKey)) {
      const port = (slice.ports ?? []).find((p) => (p.name ?? '') === portName)?.port;
      if (!port) continue;
      for (const ep of slice.endpoints ?? []) {
        if (ep.conditions?.ready === false) continue;
        const host = ep.addresses?.[0];
        if (!host) continue;
        const id = host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
        if (seen.has(id)) continue;
        seen.add(id);
        endpoints.push({ host, port, id });
      }
    }
    endpoints.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return { endpoints, problem: endpoints.length ? undefined : `service ${svcKey} has no ready endpoints`, next: Math.floor(Math.random() * Math.max(1, endpoints.length)) };
  }
}
