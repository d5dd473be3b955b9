// The NoExecute taint manager (upstream pkg/controller/tainteviction): a pod
// on a node with NoExecute taints it does not tolerate is deleted at once; if
// it tolerates them all, it is deleted when the shortest tolerationSeconds
// among the tolerations used runs out (never, when none is bounded). Taints
// going away, or the pod leaving, cancel a pending eviction.
import type { Recorder } from '../../agent/events.js';
import { PODS } from '../../client/gvr.js';
import { isConflict, isNotFound } from '../../client/errors.js';
import type { ResourceClient } from '../../client/types.js';
import type { Pod } from './mark-pods.js';
import { matchingTolerations, minTolerationMs, type Taint } from './taints.js';
import { timestamp } from '../../apiserver/registry/meta.js';

interface Scheduled {
  uid?: string;
  createdAt: number;
  timer: NodeJS.Timeout;
}

const iso = (d = new Date()): string => timestamp(d);

export const podKeyOf = (p: Pod): string => `${p.metadata?.namespace}/${p.metadata?.name}`;

export class TaintEvictionManager {
  private readonly scheduled = new Map<string, Scheduled>();
  private readonly inFlight = new Set<Promise<void>>();
  private stopped = false;

  constructor(
    private readonly client: ResourceClient,
    private readonly recorder: Recorder,
    private readonly log: (line: string) => void,
    private readonly now: () => number = Date.now,
  ) {}

  /** Re-evaluates `pod` against the NoExecute taints of the node it is bound to. */
  process(pod: Pod, taints: Taint[]): void {
    const key = podKeyOf(pod);
    if (!pod.spec?.nodeName || pod.metadata?.deletionTimestamp) return this.cancel(key, false);
    if (taints.length === 0) return this.cancel(key, true, pod);
    const { all, used } = matchingTolerations(taints, pod.spec.tolerations);
    if (!all) {
      this.cancel(key, true, pod);
      return this.schedule(pod, this.now(), 0);
    }
    const min = minTolerationMs(used);
    if (min < 0) return this.cancel(key, true, pod);
    const existing = this.scheduled.get(key);
    if (existing && existing.uid === pod.metadata?.uid) return; // keep the earlier deadline, as upstream does
    this.cancel(key, false);
    this.schedule(pod, this.now(), min);
  }

  /** The pod is gone (or moved): forget any pending eviction. */
  forget(pod: Pod): void {
    this.cancel(podKeyOf(pod), false);
  }

  pending(): string[] {
    return [...this.scheduled.keys()];
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const s of this.scheduled.values()) clearTimeout(s.timer);
    this.scheduled.clear();
    await Promise.all([...this.inFlight]);
  }

  private schedule(pod: Pod, createdAt: number, delayMs: number): void {
    const key = podKeyOf(pod);
    const fireIn = Math.max(0, createdAt + delayMs - this.now());
    const timer = setTimeout(() => {
      this.scheduled.delete(key);
      const p = this.evict(pod).finally(() => this.inFlight.delete(p));
      this.inFlight.add(p);
    }, fireIn);
    this.scheduled.set(key, { uid: pod.metadata?.uid, createdAt, timer });
  }

  private cancel(key: string, withEvent: boolean, pod?: Pod): void {
    const s = this.scheduled.get(key);
    if (!s) return;
    clearTimeout(s.timer);
    this.scheduled.delete(key);
    if (withEvent && pod) this.recorder.event(podRef(pod), 'Normal', 'TaintManagerEviction', `Cancelling deletion of Pod ${key}`);
  }

  /** addConditionAndDeletePod: a DisruptionTarget condition, then the delete (uid-guarded). */
  private async evict(pod: Pod): Promise<void> {
    const ns = String(pod.metadata?.namespace);
    const name = String(pod.metadata?.name);
    const uid = pod.metadata?.uid;
    this.recorder.event(podRef(pod), 'Normal', 'TaintManagerEviction', `Marking for deletion Pod ${ns}/${name}`);
    for (let attempt = 0; attempt < 5 && !this.stopped; attempt++) {
      try {
        const fresh = await this.client.get<Pod>(PODS, ns, name);
        if (uid && fresh.metadata?.uid !== uid) return;
        const conditions = (fresh.status?.conditions ?? []).filter((c) => c.type !== 'DisruptionTarget');
        conditions.push({
          type: 'DisruptionTarget',
          status: 'True',
          reason: 'DeletionByTaintManager',
          message: 'Taint manager: deleting due to NoExecute taint',
          lastTransitionTime: iso(),
        });
        await this.client.update(PODS, ns, { ...fresh, status: { ...fresh.status, conditions } }, { subresource: 'status' });
        await this.client.delete(PODS, ns, name, uid ? { preconditions: { uid } } : {});
        return;
      } catch (e) {
        if (isNotFound(e)) return;
        if (!isConflict(e)) this.log(`taint-eviction-controller: deleting pod ${ns}/${name}: ${(e as Error).message}`);
        await new Promise((r) => setTimeout(r, 10 * 2 ** attempt));
      }
    }
  }
}

function podRef(pod: Pod) {
  return { kind: 'Pod', apiVersion: 'v1', namespace: pod.metadata?.namespace, name: String(pod.metadata?.name), uid: pod.metadata?.uid };
}
