// EndpointSlices for a service (upstream endpointslice reconciler, simplified):
// desired endpoints grouped by their resolved ports, placed into the
// service's existing slices where they already are or where there is room
// (at most 100 per slice), new slices for the rest, and one empty placeholder
// slice when there are no endpoints at all.
import type { KubeObject } from '../../apiserver/types.js';
import { compareIPs, comparePorts, HEADLESS_LABEL, isPodReady, isServiceIPSet, podIPv4, podPorts, portKey, shouldPodBeInEndpoints, shouldSetHostname } from './pods.js';
import { SERVICE_NAME_LABEL } from '../../client/gvr.js';
import { semanticEqual } from './equal.js';
import type { EndpointPort, ObjectReference, Pod, Service } from './types.js';

export { SERVICE_NAME_LABEL };

export const MAX_ENDPOINTS_PER_SLICE = 100;
export const MANAGED_BY_LABEL = 'endpointslice.kubernetes.io/managed-by';
export const MANAGED_BY = 'endpointslice-controller.k8s.io';

export interface SliceEndpoint {
  addresses: string[];
  conditions: { ready: boolean; serving: boolean; terminating: boolean };
  hostname?: string;
  nodeName?: string;
  targetRef?: ObjectReference;
}

export interface EndpointSlice extends KubeObject {
  addressType?: string;
  endpoints?: SliceEndpoint[] | null;
  ports?: EndpointPort[] | null;
}

interface Group {
  ports: EndpointPort[];
  endpoints: SliceEndpoint[];
}

const epKey = (e: SliceEndpoint): string => e.targetRef?.uid ?? e.addresses.join(',');
const byIP = (a: SliceEndpoint, b: SliceEndpoint): number => compareIPs(a.addresses[0] ?? '', b.addresses[0] ?? '') || epKey(a).localeCompare(epKey(b));
const portsKey = (ports: EndpointPort[] | null | undefined): string => [...(ports ?? [])].sort(comparePorts).map(portKey).join(',');

export function podEndpoint(svc: Service, pod: Pod, ip: string): SliceEndpoint {
  const publish = svc.spec?.publishNotReadyAddresses === true;
  const serving = publish || isPodReady(pod);
  const terminating = !!pod.metadata?.deletionTimestamp;
  const ep: SliceEndpoint = { addresses: [ip], conditions: { ready: publish || (serving && !terminating), serving, terminating } };
  if (shouldSetHostname(pod, svc)) ep.hostname = pod.spec!.hostname;
  if (pod.spec?.nodeName) ep.nodeName = pod.spec.nodeName;
  ep.targetRef = { kind: 'Pod', namespace: pod.metadata?.namespace, name: String(pod.metadata?.name), uid: pod.metadata?.uid };
  return ep;
}

/** Desired endpoints by port set (terminating pods included, with their conditions). */
export function desiredGroups(svc: Service, pods: Pod[]): Map<string, Group> {
  const groups = new Map<string, Group>();
  for (const pod of pods) {
    if (!shouldPodBeInEndpoints(pod, true)) continue;
    const ip = podIPv4(pod);
    if (!ip) continue;
    const ports = podPorts(svc, pod).sort(comparePorts);
    const key = portsKey(ports);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { ports, endpoints: [] }));
    g.endpoints.push(podEndpoint(svc, pod, ip));
  }
  for (const g of groups.values()) g.endpoints.sort(byIP);
  return groups;
}

export function sliceLabels(svc: Service): Record<string, string> {
  const labels: Record<string, string> = { ...(svc.metadata?.labels ?? {}) };
  delete labels[HEADLESS_LABEL];
  labels[SERVICE_NAME_LABEL] = String(svc.metadata?.name);
  labels[MANAGED_BY_LABEL] = MANAGED_BY;
  if (!isServiceIPSet(svc)) labels[HEADLESS_LABEL] = '';
  return labels;
}

export function newSlice(svc: Service, ports: EndpointPort[], endpoints: SliceEndpoint[]): EndpointSlice {
  const name = String(svc.metadata?.name);
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: {
      generateName: `${name}-`,
      namespace: svc.metadata?.namespace,
      labels: sliceLabels(svc),
      ownerReferences: [{ apiVersion: 'v1', kind: 'Service', name, uid: String(svc.metadata?.uid), controller: true, blockOwnerDeletion: true }],
    },
    addressType: 'IPv4',
    endpoints,
    ports,
  };
}

export interface SlicePlan {
  create: EndpointSlice[];
  update: EndpointSlice[];
  delete: EndpointSlice[];
}

/** What to write so the service's slices (`existing`, all managed by us) hold `groups`. */
export function planSlices(svc: Service, groups: Map<string, Group>, existing: EndpointSlice[]): SlicePlan {
  const plan: SlicePlan = { create: [], update: [], delete: [] };
  const labels = sliceLabels(svc);
  const total = [...groups.values()].reduce((n, g) => n + g.endpoints.length, 0);
  if (total === 0) return placeholderPlan(svc, existing, labels);
  const byPorts = new Map<string, EndpointSlice[]>();
  for (const s of existing) {
    const k = portsKey(s.ports);
    if (!groups.has(k) || !(s.endpoints ?? []).length) plan.delete.push(s);
    else byPorts.set(k, [...(byPorts.get(k) ?? []), s]);
  }
  for (const [key, g] of groups) {
    const wanted = new Map(g.endpoints.map((e) => [epKey(e), e]));
    const placed = new Set<string>();
    const work: Array<{ slice: EndpointSlice; eps: SliceEndpoint[]; changed: boolean }> = [];
    for (const s of byPorts.get(key) ?? []) {
      const eps = (s.endpoints ?? []).filter((e) => {
        const k = epKey(e);
        const w = wanted.get(k);
        if (!w || placed.has(k) || !semanticEqual(stripRv(e), w)) return false;
        placed.add(k);
        return true;
      });
      const changed = eps.length !== (s.endpoints ?? []).length || !semanticEqual(s.metadata?.labels ?? {}, labels);
      work.push({ slice: s, eps, changed });
    }
    const remaining = g.endpoints.filter((e) => !placed.has(epKey(e)));
    // Fill slices that change anyway first, then others with room.
    work.sort((a, b) => Number(b.changed) - Number(a.changed));
    for (const w of work) {
      while (remaining.length && w.eps.length < MAX_ENDPOINTS_PER_SLICE) {
        w.eps.push(remaining.shift()!);
        w.changed = true;
      }
    }
    while (remaining.length) plan.create.push(newSlice(svc, g.ports, remaining.splice(0, MAX_ENDPOINTS_PER_SLICE)));
    for (const w of work) {
      if (!w.eps.length) plan.delete.push(w.slice);
      else if (w.changed) plan.update.push({ ...w.slice, metadata: { ...w.slice.metadata, labels }, endpoints: w.eps.sort(byIP), ports: g.ports });
    }
  }
  return plan;
}

function placeholderPlan(svc: Service, existing: EndpointSlice[], labels: Record<string, string>): SlicePlan {
  const plan: SlicePlan = { create: [], update: [], delete: [] };
  const keep = existing.find((s) => !(s.endpoints ?? []).length && !(s.ports ?? []).length);
  for (const s of existing) if (s !== keep) plan.delete.push(s);
  if (!keep) plan.create.push(newSlice(svc, [], []));
  else if (!semanticEqual(keep.metadata?.labels ?? {}, labels)) plan.update.push({ ...keep, metadata: { ...keep.metadata, labels } });
  return plan;
}

function stripRv(e: SliceEndpoint): SliceEndpoint {
  if (!e.targetRef || !('resourceVersion' in e.targetRef)) return e;
  const { resourceVersion: _rv, ...ref } = e.targetRef as ObjectReference & { resourceVersion?: string };
  return { ...e, targetRef: ref };
}
