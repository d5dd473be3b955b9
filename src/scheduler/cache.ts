// What the scheduler knows placed on nodes: bound pods from the informer plus
// pods it assumed (sent for binding, not yet seen bound). Like upstream's
// scheduler cache, the NodeInfos are kept up to date from informer events
// (each pod's requests are summed once, when it arrives), so a scheduling
// cycle's snapshot costs O(nodes) instead of O(pods). Assumptions end when
// the informer shows the pod bound, when binding fails, or after a TTL.
import type { Informer } from '../client/types.js';
import { computeImageStates, NodeInfo, Snapshot } from './framework/node-info.js';
import { type Node, nodeName, type Pod, podKey } from './framework/types.js';

export class SchedulerCache {
  private readonly assumed = new Map<string, { pod: Pod; expires: number }>();
  private readonly infos = new Map<string, NodeInfo>();
  /** Bound pods by key → the node they were counted on. */
  private readonly placed = new Map<string, { node: string; pod: Pod }>();
  /** Pods whose node is not (yet) known, by node name. */
  private readonly waiting = new Map<string, Map<string, Pod>>();
  /** Image states are recomputed only after a node changed. */
  private imagesStale = true;

  constructor(
    nodes: Informer<Node>,
    assigned: Informer<Pod>,
    private readonly ttlMs = 30_000,
  ) {
    nodes.addEventHandler({ add: (n) => this.setNode(n), update: (_o, n) => this.setNode(n), delete: (n) => this.removeNode(n) });
    assigned.addEventHandler({ add: (p) => this.setPod(p), update: (_o, p) => this.setPod(p), delete: (p) => this.removePod(p) });
  }

  /** Counts the pod on the node at once (as upstream's AssumePod), until the informer confirms it. */
  assume(pod: Pod, nodeName: string): Pod {
    const p = { ...pod, spec: { ...pod.spec!, nodeName } } as Pod;
    const key = podKey(pod);
    this.dropAssumed(key);
    this.assumed.set(key, { pod: p, expires: Infinity });
    if (!this.placed.has(key)) this.infos.get(nodeName)?.addPod(p);
    return p;
  }

  /** Binding finished: keep the assumption until the informer catches up (or the TTL ends). */
  finishBinding(pod: Pod): void {
    const a = this.assumed.get(podKey(pod));
    if (a) a.expires = Date.now() + this.ttlMs;
  }

  forget(pod: Pod): void {
    this.dropAssumed(podKey(pod));
  }

  /** Ends an assumption; the pod leaves its node unless the informer has placed it there. */
  private dropAssumed(key: string): void {
    const a = this.assumed.get(key);
    if (!a) return;
    this.assumed.delete(key);
    if (!this.placed.has(key)) this.infos.get(a.pod.spec?.nodeName ?? '')?.removePod(a.pod);
  }

  isAssumed(pod: Pod): boolean {
    return this.assumed.has(podKey(pod));
  }

  snapshot(): Snapshot {
    const now = Date.now();
    for (const [key, a] of this.assumed) if (a.expires < now) this.dropAssumed(key);
    const infos = [...this.infos.values()];
    if (this.imagesStale) {
      computeImageStates(infos);
      this.imagesStale = false;
    }
    return Snapshot.fromNodeInfos(infos);
  }

  private setNode(n: Node): void {
    const name = nodeName(n);
    const old = this.infos.get(name);
    const ni = old ? old.withNode(n) : new NodeInfo(n);
    if (!old) {
      for (const p of this.waiting.get(name)?.values() ?? []) ni.addPod(p);
      this.waiting.delete(name);
    }
    this.infos.set(name, ni);
    this.imagesStale = true;
  }

  private removeNode(n: Node): void {
    const name = nodeName(n);
    const ni = this.infos.get(name);
    if (!ni) return;
    this.infos.delete(name);
    this.imagesStale = true;
    // Its pods wait for a node of that name to come back (or their own deletion).
    const w = new Map<string, Pod>();
    for (const p of ni.pods) w.set(podKey(p), p);
    if (w.size) this.waiting.set(name, w);
  }

  private setPod(p: Pod): void {
    this.removePod(p);
    const key = podKey(p);
    const a = this.assumed.get(key);
    if (a) this.infos.get(a.pod.spec?.nodeName ?? '')?.removePod(a.pod);
    const node = p.spec?.nodeName ?? '';
    this.placed.set(key, { node, pod: p });
    const ni = this.infos.get(node);
    if (ni) ni.addPod(p);
    else {
      let w = this.waiting.get(node);
      if (!w) this.waiting.set(node, (w = new Map()));
      w.set(key, p);
    }
  }

  private removePod(p: Pod): void {
    const key = podKey(p);
    const was = this.placed.get(key);
    if (!was) {
      // Deleted before the informer ever showed it bound: drop the assumption's count too.
      if (this.assumed.has(key)) this.dropAssumed(key);
      return;
    }
    this.placed.delete(key);
    const ni = this.infos.get(was.node);
    if (ni) ni.removePod(was.pod);
    else this.waiting.get(was.node)?.delete(key);
  }
}
