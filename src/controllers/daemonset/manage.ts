// The manage step (upstream daemon_controller.go manage/podsShouldBeOnNode):
// from the nodes and the DaemonSet's pods grouped by node, which nodes need
// a daemon pod and which pods must go (misscheduled, failed, excess, or on
// nodes that no longer exist).
import { scaledValue } from '../intstr.js';
import { byCreation, isPodAvailable, isPodReady, isTerminal, targetNodeName } from './pods.js';
import { nodeShouldRunDaemonPod } from './predicates.js';
import { type DaemonSet, HASH_LABEL, type Node, type Pod } from './types.js';

/** Groups pods by the node they run on or are pinned to; deleted terminal pods only when asked. */
export function groupByNode(pods: Pod[], includeDeletedTerminal = false): Map<string, Pod[]> {
  const out = new Map<string, Pod[]>();
  for (const p of pods) {
    if (!includeDeletedTerminal && isTerminal(p) && p.metadata?.deletionTimestamp) continue;
    const node = targetNodeName(p);
    if (!node) continue;
    const list = out.get(node);
    if (list) list.push(p);
    else out.set(node, [p]);
  }
  return out;
}

export { scaledValue };

export function surgeCount(ds: DaemonSet, desired: number): number {
  if (ds.spec?.updateStrategy?.type !== 'RollingUpdate') return 0;
  return scaledValue(ds.spec.updateStrategy.rollingUpdate?.maxSurge ?? 0, desired, true);
}

export function unavailableCount(ds: DaemonSet, desired: number): number {
  if (ds.spec?.updateStrategy?.type !== 'RollingUpdate') return 0;
  return scaledValue(ds.spec.updateStrategy.rollingUpdate?.maxUnavailable ?? 0, desired, true);
}

export const allowsSurge = (ds: DaemonSet): boolean => surgeCount(ds, 1) !== 0;

/** Back-off for replacing failed daemon pods per DaemonSet and node (1 s doubling to 15 min). */
export class FailedPodBackoff {
  private readonly entries = new Map<string, { delay: number; last: number }>();
  constructor(private readonly initialMs = 1000, private readonly maxMs = 15 * 60_000) {}

  /** The current delay if `key` is still backing off at `now`. */
  inBackoff(key: string, now: number): number | undefined {
    const e = this.entries.get(key);
    return e && now - e.last < e.delay ? e.delay : undefined;
  }

  next(key: string, now: number): void {
    const e = this.entries.get(key);
    const expired = !e || now - e.last > 2 * this.maxMs;
    this.entries.set(key, { delay: expired ? this.initialMs : Math.min(e.delay * 2, this.maxMs), last: now });
  }
}

export interface ManagePlan {
  createOn: string[];
  deletePods: string[];
  /** Failed pods being replaced (for FailedDaemonPod events). */
  failed: Pod[];
  /** Set when a failed pod is backing off: sync again after this long. */
  requeueAfterMs?: number;
}

export function planManage(ds: DaemonSet, nodes: Node[], byNode: Map<string, Pod[]>, hash: string, now: number, backoff: FailedPodBackoff): ManagePlan {
  const plan: ManagePlan = { createOn: [], deletePods: [], failed: [] };
  const minReady = ds.spec?.minReadySeconds ?? 0;
  for (const node of nodes) {
    const name = String(node.metadata?.name);
    const { shouldRun, shouldContinueRunning } = nodeShouldRunDaemonPod(node, ds);
    const pods = byNode.get(name) ?? [];
    if (shouldRun && pods.length === 0) {
      plan.createOn.push(name);
      continue;
    }
    if (!shouldContinueRunning) {
      for (const p of pods) if (!p.metadata?.deletionTimestamp) plan.deletePods.push(String(p.metadata?.name));
      continue;
    }
    const running: Pod[] = [];
    for (const p of pods) {
      if (p.metadata?.deletionTimestamp) continue;
      if (isTerminal(p)) {
        // Fighting a kubelet that keeps rejecting the pod: back off before replacing it again.
        const key = `${ds.metadata?.uid}/${name}`;
        const delay = backoff.inBackoff(key, now);
        if (delay !== undefined) {
          plan.requeueAfterMs = Math.min(plan.requeueAfterMs ?? Infinity, delay);
          continue;
        }
        backoff.next(key, now);
        if (p.status?.phase === 'Failed') plan.failed.push(p);
        plan.deletePods.push(String(p.metadata?.name));
      } else running.push(p);
    }
    running.sort(byCreation);
    if (!allowsSurge(ds)) {
      // One pod per node: all but the oldest go.
      for (const p of running.slice(1)) plan.deletePods.push(String(p.metadata?.name));
      continue;
    }
    if (running.length <= 1) {
      if (running.length === 0 && shouldRun) plan.createOn.push(name);
      continue;
    }
    // Surging: keep the oldest new and oldest old pod; the old one goes once it is unready or the new one is available.
    let newest: Pod | undefined;
    let oldest: Pod | undefined;
    for (const p of running) {
      const isNew = p.metadata?.labels?.[HASH_LABEL] === hash;
      if (isNew && !newest) newest = p;
      else if (!isNew && !oldest) oldest = p;
      else plan.deletePods.push(String(p.metadata?.name));
    }
    if (newest && oldest && (!isPodReady(oldest) || isPodAvailable(newest, minReady, now))) plan.deletePods.push(String(oldest.metadata?.name));
  }
  // Pods pinned to nodes that no longer exist.
  const names = new Set(nodes.map((n) => String(n.metadata?.name)));
  for (const [node, pods] of byNode) {
    if (names.has(node)) continue;
    for (const p of pods) if (!p.metadata?.deletionTimestamp) plan.deletePods.push(String(p.metadata?.name));
  }
  return plan;
}
