// The cluster zone's data, kept current from informer events: services with
// their EndpointSlices reduced to ServiceViews, namespaces, and a reverse
// index (address → PTR targets). Every change bumps the generation of the
// cache keys that depend on it ("svc:<ns>/<name>", "ns:<ns>", "ptr:<ip>"),
// which invalidates cached encoded answers for exactly those names.
import { buildServiceView, type ServiceView, viewAddresses } from './service-view.js';
import { SERVICE_NAME_LABEL, type DnsEndpointSlice, type DnsService } from './types.js';
import type { KubeObject } from '../apiserver/types.js';

const svcKeyOf = (o: KubeObject): string => `${o.metadata?.namespace ?? ''}/${o.metadata?.name ?? ''}`;

export class RecordIndex {
  private readonly services = new Map<string, DnsService>();
  private readonly slices = new Map<string, Map<string, DnsEndpointSlice>>();
  private readonly sliceOwner = new Map<string, string>();
  private readonly views = new Map<string, ServiceView>();
  private readonly namespaces = new Set<string>();
  private readonly ptr = new Map<string, Map<string, string[]>>();
  private readonly generations = new Map<string, number>();
  /** How many changes were applied (for stats). */
  changes = 0;

  constructor(readonly clusterDomain: string) {}

  // --- reads -------------------------------------------------------------

  service(namespace: string, name: string): ServiceView | undefined {
    return this.views.get(`${namespace}/${name}`);
  }

  hasNamespace(ns: string): boolean {
    return this.namespaces.has(ns);
  }

  /** PTR targets (FQDNs without the trailing dot) for an address. */
  ptrTargets(ip: string): string[] {
    const m = this.ptr.get(ip);
    if (!m) return [];
    return [...new Set([...m.values()].flat())];
  }

  generation(dep: string): number {
    return this.generations.get(dep) ?? 0;
  }

  get serviceCount(): number {
    return this.views.size;
  }

  // --- writes ------------------------------------------------------------

  setService(svc: DnsService): void {
    const key = svcKeyOf(svc);
    this.services.set(key, svc);
    this.rebuild(key);
  }

  deleteService(svc: DnsService): void {
    const key = svcKeyOf(svc);
    this.services.delete(key);
    this.rebuild(key);
  }

  setSlice(slice: DnsEndpointSlice): void {
    const sliceKey = svcKeyOf(slice);
    const svcName = slice.metadata?.labels?.[SERVICE_NAME_LABEL];
    const owner = svcName ? `${slice.metadata?.namespace ?? ''}/${svcName}` : undefined;
    const previous = this.sliceOwner.get(sliceKey);
    if (previous && previous !== owner) this.removeSlice(sliceKey, previous);
    if (!owner) return;
    this.sliceOwner.set(sliceKey, owner);
    let m = this.slices.get(owner);
    if (!m) this.slices.set(owner, (m = new Map()));
    m.set(sliceKey, slice);
    this.rebuild(owner);
  }

  deleteSlice(slice: DnsEndpointSlice): void {
    const sliceKey = svcKeyOf(slice);
    const owner = this.sliceOwner.get(sliceKey);
    if (owner) this.removeSlice(sliceKey, owner);
  }

  setNamespace(ns: KubeObject): void {
    const name = String(ns.metadata?.name ?? '');
    if (this.namespaces.has(name)) return;
    this.namespaces.add(name);
    this.bump(`ns:${name}`);
  }

  deleteNamespace(ns: KubeObject): void {
    const name = String(ns.metadata?.name ?? '');
    if (this.namespaces.delete(name)) this.bump(`ns:${name}`);
  }

  private removeSlice(sliceKey: string, owner: string): void {
    this.sliceOwner.delete(sliceKey);
    const m = this.slices.get(owner);
    m?.delete(sliceKey);
    if (m && m.size === 0) this.slices.delete(owner);
    this.rebuild(owner);
  }

  /** Recomputes one service's view and its reverse entries, and invalidates what depended on them. */
  private rebuild(key: string): void {
    const old = this.views.get(key);
    const svc = this.services.get(key);
    const view = svc ? buildServiceView(svc, this.slices.get(key)?.values() ?? []) : undefined;
    if (view) this.views.set(key, view);
    else this.views.delete(key);
    for (const ip of viewAddresses(old)) {
      const m = this.ptr.get(ip);
      m?.delete(key);
      if (m && m.size === 0) this.ptr.delete(ip);
      this.bump(`ptr:${ip}`);
    }
    if (view) {
      const base = `${view.name}.${view.namespace}.svc.${this.clusterDomain}`;
      const add = (ip: string, target: string): void => {
        let m = this.ptr.get(ip);
        if (!m) this.ptr.set(ip, (m = new Map()));
        const list = m.get(key);
        if (list) { if (!list.includes(target)) list.push(target); }
        else m.set(key, [target]);
        this.bump(`ptr:${ip}`);
      };
      for (const ip of view.clusterIPs) add(ip, base);
      for (const ep of view.endpoints) for (const ip of ep.addresses) add(ip, `${ep.label}.${base}`);
    }
    this.bump(`svc:${key}`);
  }

  private bump(dep: string): void {
    this.changes++;
    this.generations.set(dep, (this.generations.get(dep) ?? 0) + 1);
  }
}
