// API discovery: the legacy documents (/api, /apis, /api/v1, /apis/<g>/<v>) and
// aggregated discovery (apidiscovery.k8s.io/v2 and v2beta1), which kubectl
// 1.30+ asks for first.
import { createHash } from 'node:crypto';
import type { Registry } from './registry/registry.js';
import type { ResourceDef } from './types.js';

interface SubresourceInfo {
  name: string;
  kind: { group: string; version: string; kind: string };
  verbs: string[];
}

/** Subresources a resource serves, with the kind each one speaks. */
export function subresourcesOf(def: ResourceDef): SubresourceInfo[] {
  const out: SubresourceInfo[] = [];
  const self = { group: def.group, version: def.version, kind: def.kind };
  if (def.subresources?.status) out.push({ name: 'status', kind: self, verbs: ['get', 'patch', 'update'] });
  if (def.subresources?.scale) out.push({ name: 'scale', kind: { group: 'autoscaling', version: 'v1', kind: 'Scale' }, verbs: ['get', 'patch', 'update'] });
  if (def.group === '' && def.kind === 'Pod') out.push({ name: 'binding', kind: { group: '', version: 'v1', kind: 'Binding' }, verbs: ['create'] });
  if (def.group === '' && def.kind === 'Pod') out.push({ name: 'eviction', kind: { group: 'policy', version: 'v1', kind: 'Eviction' }, verbs: ['create'] });
  return out;
}

function storageVersionHash(def: ResourceDef): string {
  return createHash('sha256').update(`${def.group}/${def.version}/${def.kind}`).digest('base64').slice(0, 11);
}

export function apiResourceList(registry: Registry, group: string, version: string): object {
  const resources: object[] = [];
  for (const d of registry.defs()) {
    if (d.group !== group || d.version !== version) continue;
    const r: Record<string, unknown> = {
      name: d.plural,
      singularName: d.singular,
      namespaced: d.namespaced,
      kind: d.kind,
      verbs: d.verbs,
    };
    if (d.shortNames?.length) r.shortNames = d.shortNames;
    if (d.categories?.length) r.categories = d.categories;
    r.storageVersionHash = storageVersionHash(d);
    resources.push(r);
    for (const s of subresourcesOf(d)) {
      const sr: Record<string, unknown> = { name: `${d.plural}/${s.name}`, singularName: '', namespaced: d.namespaced, kind: s.kind.kind, verbs: s.verbs };
      if (s.kind.group !== d.group || s.kind.version !== d.version) {
        sr.group = s.kind.group;
        sr.version = s.kind.version;
      }
      resources.push(sr);
    }
  }
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: group ? `${group}/${version}` : version, resources };
}

export function apiVersions(serverAddress: string): object {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  };
}

function groupEntry(group: string, versions: string[]): object {
  const vs = versions.map((v) => ({ groupVersion: `${group}/${v}`, version: v }));
  return { name: group, versions: vs, preferredVersion: vs[0] };
}

function versionsByGroup(registry: Registry): Map<string, string[]> {
  const m = new Map<string, string[]>();
  for (const gv of registry.groupVersions()) {
    if (gv.group === '') continue;
    const list = m.get(gv.group) ?? [];
    if (!list.includes(gv.version)) list.push(gv.version);
    m.set(gv.group, list);
  }
  for (const list of m.values()) list.sort(compareVersions);
  return m;
}

/** Kubernetes version priority: GA > beta > alpha, higher numbers first. */
export function compareVersions(a: string, b: string): number {
  const parse = (v: string): [number, number, number] => {
    const m = /^v(\d+)(?:(alpha|beta)(\d+))?$/.exec(v);
    if (!m) return [3, 0, 0];
    const stage = m[2] === 'alpha' ? 2 : m[2] === 'beta' ? 1 : 0;
    return [stage, -Number(m[1]), -Number(m[3] ?? 0)];
  };
  const [x, y] = [parse(a), parse(b)];
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i] - y[i];
  return a < b ? -1 : a > b ? 1 : 0;
}

export function apiGroupList(registry: Registry): object {
  const groups = [...versionsByGroup(registry)].map(([g, vs]) => groupEntry(g, vs));
  return { kind: 'APIGroupList', apiVersion: 'v1', groups };
}

export function apiGroup(registry: Registry, group: string): object | undefined {
  const vs = versionsByGroup(registry).get(group);
  if (!vs) return undefined;
  return { kind: 'APIGroup', apiVersion: 'v1', ...groupEntry(group, vs) };
}

function aggregatedResource(d: ResourceDef): object {
  const r: Record<string, unknown> = {
    resource: d.plural,
    responseKind: { group: d.group, version: d.version, kind: d.kind },
    scope: d.namespaced ? 'Namespaced' : 'Cluster',
    singularResource: d.singular,
    verbs: d.verbs,
  };
  if (d.shortNames?.length) r.shortNames = d.shortNames;
  if (d.categories?.length) r.categories = d.categories;
  const subs = subresourcesOf(d);
  if (subs.length) r.subresources = subs.map((s) => ({ subresource: s.name, responseKind: s.kind, verbs: s.verbs }));
  return r;
}

/** apidiscovery.k8s.io APIGroupDiscoveryList for /api (legacy=true) or /apis. */
export function aggregatedDiscovery(registry: Registry, legacy: boolean, apiVersion: 'v2' | 'v2beta1'): object {
  const items: object[] = [];
  const groups = legacy ? new Map([['', ['v1']]]) : versionsByGroup(registry);
  for (const [g, vs] of groups) {
    items.push({
      metadata: { name: g, creationTimestamp: null },
      versions: vs.map((v) => ({
        version: v,
        resources: registry.defs().filter((d) => d.group === g && d.version === v).map(aggregatedResource),
        freshness: 'Current',
      })),
    });
  }
  return { kind: 'APIGroupDiscoveryList', apiVersion: `apidiscovery.k8s.io/${apiVersion}`, metadata: {}, items };
}
