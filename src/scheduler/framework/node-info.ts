// NodeInfo: one node plus what the scheduler knows is placed on it — pods
// (bound and assumed), summed requests, used host ports, image states — and
// the Snapshot of all of them taken at the start of a scheduling cycle.
import { addResource, cloneResource, emptyResource, nodeAllocatable, podRequests, type Resource } from './resources.js';
import { type Node, nodeName, type Pod, podKey } from './types.js';

export interface ImageState {
  sizeBytes: number;
  /** How many nodes have the image. */
  numNodes: number;
}

/** Host ports in use: ip → set of `protocol/port`. */
export type HostPorts = Map<string, Set<string>>;

export class NodeInfo {
  pods: Pod[] = [];
  requested: Resource = emptyResource();
  nonZeroRequested: Resource = emptyResource();
  allocatable: Resource;
  usedPorts: HostPorts = new Map();
  imageStates = new Map<string, ImageState>();

  constructor(readonly node: Node) {
    this.allocatable = nodeAllocatable(node);
  }

  get name(): string {
    return nodeName(this.node);
  }

  /** Position of each pod in `pods`, by key (removals swap the last pod in). */
  private podIndex = new Map<string, number>();
  /** Pods with pod (anti-)affinity terms, the only ones InterPodAffinity must read for others (upstream's PodsWithAffinity). */
  podsWithAffinity = new Set<Pod>();

  addPod(pod: Pod): void {
    this.podIndex.set(podKey(pod), this.pods.length);
    this.pods.push(pod);
    if (hasPodAffinity(pod)) this.podsWithAffinity.add(pod);
    this.update(pod, 1);
  }

  removePod(pod: Pod): boolean {
    const key = podKey(pod);
    const i = this.podIndex.get(key);
    if (i === undefined) return false;
    const old = this.pods[i]!;
    const last = this.pods.pop()!;
    if (i < this.pods.length) {
      this.pods[i] = last;
      this.podIndex.set(podKey(last), i);
    }
    this.podIndex.delete(key);
    this.podsWithAffinity.delete(old);
    this.update(old, -1);
    return true;
  }

  /** The same pods on an updated Node object (allocatable, images, taints may change). */
  withNode(node: Node): NodeInfo {
    const c = this.clone(node);
    c.allocatable = nodeAllocatable(node);
    return c;
  }

  clone(node: Node = this.node): NodeInfo {
    const c = new NodeInfo(node);
    c.pods = [...this.pods];
    c.podIndex = new Map(this.podIndex);
    c.podsWithAffinity = new Set(this.podsWithAffinity);
    c.requested = cloneResource(this.requested);
    c.nonZeroRequested = cloneResource(this.nonZeroRequested);
    c.allocatable = cloneResource(this.allocatable);
    for (const [ip, set] of this.usedPorts) c.usedPorts.set(ip, new Set(set));
    c.imageStates = this.imageStates;
    return c;
  }

  private update(pod: Pod, sign: 1 | -1): void {
    addResource(this.requested, podRequests(pod), sign);
    addResource(this.nonZeroRequested, podRequests(pod, { nonZero: true }), sign);
    for (const p of hostPortsOf(pod)) {
      const [ip, pp] = p;
      let set = this.usedPorts.get(ip);
      if (sign > 0) {
        if (!set) this.usedPorts.set(ip, (set = new Set()));
        set.add(pp);
      } else {
        set?.delete(pp);
        if (set && set.size === 0) this.usedPorts.delete(ip);
      }
    }
  }
}

export function hasPodAffinity(pod: Pod): boolean {
  const a = pod.spec?.affinity;
  return !!(a?.podAffinity || a?.podAntiAffinity);
}

/** [hostIP, `protocol/hostPort`] for every container port with a hostPort. */
export function hostPortsOf(pod: Pod): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  const all = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])];
  for (const c of all) {
    for (const p of c.ports ?? []) {
      if (!p.hostPort || p.hostPort <= 0) continue;
      out.push([p.hostIP || '0.0.0.0', `${p.protocol || 'TCP'}/${p.hostPort}`]);
    }
  }
  return out;
}

/** Each node's images with how many nodes have them (for ImageLocality). */
export function computeImageStates(infos: NodeInfo[]): void {
  const images = new Map<string, ImageState>();
  for (const ni of infos) {
    ni.imageStates = new Map();
    for (const img of ni.node.status?.images ?? []) {
      for (const name of img.names ?? []) {
        const n = normalizedImageName(name);
        const st = images.get(n) ?? { sizeBytes: img.sizeBytes ?? 0, numNodes: 0 };
        st.numNodes++;
        images.set(n, st);
        ni.imageStates.set(n, st);
      }
    }
  }
}

/** An image reference as node status lists it: a missing tag means `:latest`. */
export function normalizedImageName(name: string): string {
  if (name.includes('@')) return name;
  const lastSlash = name.lastIndexOf('/');
  return name.slice(lastSlash + 1).includes(':') ? name : `${name}:latest`;
}

export class Snapshot {
  readonly nodeInfos: NodeInfo[];
  private readonly byName = new Map<string, NodeInfo>();

  constructor(nodes: Node[], pods: Pod[]);
  constructor(infos: NodeInfo[]);
  constructor(nodesOrInfos: Node[] | NodeInfo[], pods?: Pod[]) {
    const built = pods !== undefined;
    this.nodeInfos = built ? (nodesOrInfos as Node[]).map((n) => new NodeInfo(n)) : (nodesOrInfos as NodeInfo[]);
    for (const ni of this.nodeInfos) this.byName.set(ni.name, ni);
    for (const p of pods ?? []) {
      const ni = this.byName.get(p.spec?.nodeName ?? '');
      if (ni) ni.addPod(p);
    }
    // A snapshot over cached NodeInfos gets image states from the cache (computed when nodes change).
    if (built) computeImageStates(this.nodeInfos);
  }

  /** A snapshot over NodeInfos kept by the scheduler cache (used read-only). */
  static fromNodeInfos(infos: NodeInfo[]): Snapshot {
    return new Snapshot(infos);
  }

  get(name: string): NodeInfo | undefined {
    return this.byName.get(name);
  }

  get numNodes(): number {
    return this.nodeInfos.length;
  }

  /** Pods with pod (anti-)affinity terms, with their nodes. */
  podsWithAffinity(): Array<{ pod: Pod; node: NodeInfo }> {
    const out: Array<{ pod: Pod; node: NodeInfo }> = [];
    for (const ni of this.nodeInfos) for (const pod of ni.podsWithAffinity) out.push({ pod, node: ni });
    return out;
  }

  /** Every pod on every node. */
  allPods(): Array<{ pod: Pod; node: NodeInfo }> {
    const out: Array<{ pod: Pod; node: NodeInfo }> = [];
    for (const ni of this.nodeInfos) for (const pod of ni.pods) out.push({ pod, node: ni });
    return out;
  }
}
