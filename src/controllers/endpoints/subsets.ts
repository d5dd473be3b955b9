// Endpoints subsets for a service (upstream endpoints_controller syncService
// + RepackSubsets): one address per pod, ready or not ready, grouped so each
// subset holds the addresses that offer exactly the same ports.
import { compareIPs, comparePorts, isPodReady, podIPv4, podPorts, portKey, shouldPodBeInEndpoints, shouldSetHostname } from './pods.js';
import type { EndpointPort, ObjectReference, Pod, Service } from './types.js';

export interface EndpointAddress {
  ip: string;
  hostname?: string;
  nodeName?: string;
  targetRef?: ObjectReference;
}

export interface EndpointSubset {
  addresses?: EndpointAddress[];
  notReadyAddresses?: EndpointAddress[];
  ports?: EndpointPort[];
}

/** Upstream caps Endpoints at 1000 addresses (the rest are in EndpointSlices). */
export const MAX_ENDPOINTS = 1000;

export function podAddress(svc: Service, pod: Pod, ip: string): EndpointAddress {
  const a: EndpointAddress = { ip };
  if (shouldSetHostname(pod, svc)) a.hostname = pod.spec!.hostname;
  if (pod.spec?.nodeName) a.nodeName = pod.spec.nodeName;
  a.targetRef = { kind: 'Pod', namespace: pod.metadata?.namespace, name: String(pod.metadata?.name), uid: pod.metadata?.uid };
  return a;
}

interface Member {
  addr: EndpointAddress;
  ready: boolean;
  ports: EndpointPort[];
}

export function computeSubsets(svc: Service, pods: Pod[]): EndpointSubset[] {
  const publishNotReady = svc.spec?.publishNotReadyAddresses === true;
  const headless = svc.spec?.clusterIP === 'None';
  const members: Member[] = [];
  for (const pod of pods) {
    if (!shouldPodBeInEndpoints(pod, publishNotReady)) continue;
    const ip = podIPv4(pod);
    if (!ip) continue;
    const ready = publishNotReady || isPodReady(pod);
    const addr = podAddress(svc, pod, ip);
    if (!(svc.spec?.ports ?? []).length) {
      // Only a headless service may have no ports.
      if (headless) members.push({ addr, ready, ports: [] });
      continue;
    }
    const ports = podPorts(svc, pod);
    if (ports.length) members.push({ addr, ready, ports });
  }
  return repack(members);
}

function repack(members: Member[]): EndpointSubset[] {
  const groups = new Map<string, { ports: EndpointPort[]; ready: EndpointAddress[]; notReady: EndpointAddress[] }>();
  for (const m of members) {
    const ports = [...m.ports].sort(comparePorts);
    const key = ports.map(portKey).join(',');
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { ports, ready: [], notReady: [] }));
    (m.ready ? g.ready : g.notReady).push(m.addr);
  }
  const byAddr = (a: EndpointAddress, b: EndpointAddress): number => compareIPs(a.ip, b.ip) || String(a.targetRef?.uid ?? '').localeCompare(String(b.targetRef?.uid ?? ''));
  const out: EndpointSubset[] = [];
  for (const g of groups.values()) {
    const s: EndpointSubset = {};
    if (g.ready.length) s.addresses = g.ready.sort(byAddr);
    if (g.notReady.length) s.notReadyAddresses = g.notReady.sort(byAddr);
    if (g.ports.length) s.ports = g.ports;
    out.push(s);
  }
  const first = (s: EndpointSubset): string => (s.addresses ?? s.notReadyAddresses ?? [])[0]?.ip ?? '';
  return out.sort((a, b) => compareIPs(first(a), first(b)) || JSON.stringify(a.ports ?? []).localeCompare(JSON.stringify(b.ports ?? [])));
}

/** Keeps at most MAX_ENDPOINTS addresses, ready ones first (upstream truncateEndpoints, simplified). */
export function truncate(subsets: EndpointSubset[]): boolean {
  let total = 0;
  for (const s of subsets) total += (s.addresses?.length ?? 0) + (s.notReadyAddresses?.length ?? 0);
  if (total <= MAX_ENDPOINTS) return false;
  let room = MAX_ENDPOINTS;
  for (const s of subsets) {
    if (s.addresses) {
      s.addresses = s.addresses.slice(0, room);
      room -= s.addresses.length;
    }
  }
  for (const s of subsets) {
    if (s.notReadyAddresses) {
      s.notReadyAddresses = s.notReadyAddresses.slice(0, room);
      room -= s.notReadyAddresses.length;
      if (!s.notReadyAddresses.length) delete s.notReadyAddresses;
    }
    if (s.addresses && !s.addresses.length) delete s.addresses;
  }
  return true;
}
