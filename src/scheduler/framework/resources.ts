// Resource arithmetic: pod requests computed like upstream's
// component-helpers PodRequests (containers + sidecars, the max over init
// containers, plus overhead), node allocatable, and the non-zero defaults
// used for scoring.
import { tryParseQuantity } from '../../apiserver/validation/quantity.js';
import type { k8s, Node, Pod } from './types.js';

export interface Resource {
  milliCPU: number;
  memory: number;
  ephemeralStorage: number;
  allowedPodNumber: number;
  /** Extended resources and hugepages, by name. */
  scalar: Record<string, number>;
}

export const DEFAULT_MILLI_CPU_REQUEST = 100;
export const DEFAULT_MEMORY_REQUEST = 200 * 1024 * 1024;

export function emptyResource(): Resource {
  return { milliCPU: 0, memory: 0, ephemeralStorage: 0, allowedPodNumber: 0, scalar: {} };
}

export function cloneResource(r: Resource): Resource {
  return { ...r, scalar: { ...r.scalar } };
}

type ResourceList = Record<string, number>;

function parseList(list: Record<string, unknown> | undefined): ResourceList {
  const out: ResourceList = {};
  for (const [k, v] of Object.entries(list ?? {})) {
    const n = tryParseQuantity(v);
    if (n !== undefined) out[k] = n;
  }
  return out;
}

function add(into: ResourceList, from: ResourceList): void {
  for (const [k, v] of Object.entries(from)) into[k] = (into[k] ?? 0) + v;
}

function maxInto(into: ResourceList, from: ResourceList): void {
  for (const [k, v] of Object.entries(from)) if (!(k in into) || v > into[k]) into[k] = v;
}

function containerRequests(c: k8s.Container, nonZero: boolean): ResourceList {
  // Requests default to limits server-side; a request-less limit counts as the request here too.
  const reqs = { ...parseList(c.resources?.limits as Record<string, unknown>), ...parseList(c.resources?.requests as Record<string, unknown>) };
  if (nonZero) {
    if (!('cpu' in reqs)) reqs.cpu = DEFAULT_MILLI_CPU_REQUEST / 1000;
    if (!('memory' in reqs)) reqs.memory = DEFAULT_MEMORY_REQUEST;
  }
  return reqs;
}

/** The pod's effective requests as a quantity list (cpu in cores). */
export function podRequestList(pod: Pod, opts: { nonZero?: boolean } = {}): ResourceList {
  const nonZero = !!opts.nonZero;
  const reqs: ResourceList = {};
  for (const c of pod.spec?.containers ?? []) add(reqs, containerRequests(c, nonZero));
  const sidecars: ResourceList = {};
  const initMax: ResourceList = {};
  for (const c of pod.spec?.initContainers ?? []) {
    const r = containerRequests(c, nonZero);
    if (c.restartPolicy === 'Always') {
      // A sidecar runs for the pod's whole life: it adds to the total and to every later init container.
      add(reqs, r);
      add(sidecars, r);
      maxInto(initMax, sidecars);
    } else {
      const withSidecars = { ...r };
      add(withSidecars, sidecars);
      maxInto(initMax, withSidecars);
    }
  }
  maxInto(reqs, initMax);
  add(reqs, parseList(pod.spec?.overhead as Record<string, unknown>));
  return reqs;
}

function toResource(list: ResourceList): Resource {
  const r = emptyResource();
  for (const [k, v] of Object.entries(list)) {
    if (k === 'cpu') r.milliCPU = Math.ceil(v * 1000 - 1e-9);
    else if (k === 'memory') r.memory = Math.ceil(v);
    else if (k === 'ephemeral-storage') r.ephemeralStorage = Math.ceil(v);
    else if (k === 'pods') r.allowedPodNumber = Math.floor(v);
    else if (isScalarResource(k)) r.scalar[k] = Math.ceil(v);
  }
  return r;
}

/** Extended resources (domain-qualified, not kubernetes.io), hugepages-*, attachable volumes. */
export function isScalarResource(name: string): boolean {
  if (name.startsWith('hugepages-') || name.startsWith('attachable-volumes-')) return true;
  if (!name.includes('/')) return false;
  return !name.startsWith('kubernetes.io/') && !name.startsWith('requests.');
}

// Pod objects from informers are never mutated (a change arrives as a new
// object), so their summed requests are computed once per object.
const requestsMemo = new WeakMap<Pod, { plain?: Resource; nonZero?: Resource }>();

/** The pod's effective requests. The result is shared: do not modify it. */
export function podRequests(pod: Pod, opts: { nonZero?: boolean } = {}): Resource {
  let m = requestsMemo.get(pod);
  if (!m) requestsMemo.set(pod, (m = {}));
  const slot = opts.nonZero ? 'nonZero' : 'plain';
  return (m[slot] ??= toResource(podRequestList(pod, opts)));
}

export function nodeAllocatable(node: Node): Resource {
  const st = node.status ?? {};
  return toResource(parseList((st.allocatable ?? st.capacity) as Record<string, unknown>));
}

export function addResource(into: Resource, r: Resource, sign = 1): void {
  into.milliCPU += sign * r.milliCPU;
  into.memory += sign * r.memory;
  into.ephemeralStorage += sign * r.ephemeralStorage;
  for (const [k, v] of Object.entries(r.scalar)) into.scalar[k] = (into.scalar[k] ?? 0) + sign * v;
}
