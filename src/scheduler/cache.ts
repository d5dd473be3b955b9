// What the scheduler knows placed on nodes: bound pods from the informer plus
// pods it assumed (sent for binding, not yet seen bound). Assumptions end when
// the informer shows the pod bound, when binding fails, or after a TTL.
import type { Informer } from '../client/types.js';
import { Snapshot } from './framework/node-info.js';
import { type Node, type Pod, podKey } from './framework/types.js';

export class SchedulerCache {
  private readonly assumed = new Map<string, { pod: Pod; expires: number }>();

  constructor(
    private readonly nodes: Informer<Node>,
    private readonly assigned: Informer<Pod>,
    private readonly ttlMs = 30_000,
  ) {}

  assume(pod: Pod, nodeName: string): Pod {
    const p = { ...pod, spec: { ...pod.spec!, nodeName } } as Pod;
    this.assumed.set(podKey(pod), { pod: p, expires: Infinity });
    return p;
  }

  /** Binding finished: keep the assumption until the informer catches up (or the TTL ends). */
  finishBinding(pod: Pod): void {
    const a = this.assumed.get(podKey(pod));
    if (a) a.expires = Date.now() + this.ttlMs;
  }

  forget(pod: Pod): void {
    this.assumed.delete(podKey(pod));
  }

  isAssumed(pod: Pod): boolean {
    return this.assumed.has(podKey(pod));
  }

  snapshot(): Snapshot {
    const pods = this.assigned.list();
    const seen = new Set(pods.map(podKey));
    const now = Date.now();
    const extra: Pod[] = [];
    for (const [key, a] of this.assumed) {
      if (seen.has(key) || a.expires < now) this.assumed.delete(key);
      else extra.push(a.pod);
    }
    return new Snapshot(this.nodes.list(), [...pods, ...extra]);
  }
}
