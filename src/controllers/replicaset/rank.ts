// Which pods a ReplicaSet deletes first when scaling down (upstream
// ActivePodsWithRanks with PodDeletionCost and LogarithmicScaleDown):
// unassigned < assigned; Pending < Unknown < Running; not ready < ready;
// lower pod-deletion-cost first; more related pods on the same node first;
// ready more recently first; more restarts first; newer first — times
// compared in log2 buckets of their age, ties broken by uid.
import { isPodActive, isPodReady, maxContainerRestarts, podPhase, podReadyTime, type Pod } from './pods.js';

export const DELETION_COST_ANNOTATION = 'controller.kubernetes.io/pod-deletion-cost';

const PHASE_ORDINAL: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };

interface Ranked {
  pod: Pod;
  assigned: boolean;
  phase: number;
  ready: boolean;
  cost: number;
  rank: number;
  readyAt?: number;
  restarts: { regular: number; sidecar: number };
  created?: number;
  uid: string;
}

/** The pod-deletion-cost annotation as an int32 (0 when missing or invalid). */
export function deletionCost(p: Pod): number {
  const v = p.metadata?.annotations?.[DELETION_COST_ANNOTATION];
  if (v === undefined || !/^[+-]?\d+$/.test(v)) return 0;
  const n = Number(v);
  return n >= -(2 ** 31) && n < 2 ** 31 ? n : 0;
}

function log2Bucket(t: number, now: number): number {
  const d = (now - t) * 1e6; // nanoseconds, like Go's time.Duration
  return d > 0 ? Math.floor(Math.log2(d)) : -1;
}

/** Compares two times where the more recent (or missing) one sorts first. */
function compareTimes(a: number | undefined, b: number | undefined, ua: string, ub: string, now: number): number {
  if (a === b) return 0;
  if (a === undefined || b === undefined) return a === undefined ? -1 : 1;
  const diff = log2Bucket(a, now) - log2Bucket(b, now);
  if (diff !== 0) return diff;
  return ua < ub ? -1 : ua > ub ? 1 : 0;
}

function compare(x: Ranked, y: Ranked, now: number): number {
  if (x.assigned !== y.assigned) return x.assigned ? 1 : -1;
  if (x.phase !== y.phase) return x.phase - y.phase;
  if (x.ready !== y.ready) return x.ready ? 1 : -1;
  if (x.cost !== y.cost) return x.cost - y.cost;
  if (x.rank !== y.rank) return y.rank - x.rank;
  if (x.ready && y.ready) {
    const c = compareTimes(x.readyAt, y.readyAt, x.uid, y.uid, now);
    if (c !== 0) return c;
  }
  if (x.restarts.regular !== y.restarts.regular) return y.restarts.regular - x.restarts.regular;
  if (x.restarts.sidecar !== y.restarts.sidecar) return y.restarts.sidecar - x.restarts.sidecar;
  return compareTimes(x.created, y.created, x.uid, y.uid, now);
}

function parseTime(s: string | null | undefined): number | undefined {
  if (!s) return undefined;
  const t = Date.parse(s);
  return Number.isNaN(t) ? undefined : t;
}

/**
 * The `diff` pods to delete, best candidates first. `related` are the active
 * pods of every ReplicaSet sharing this one's owner: a pod on a node crowded
 * with related pods goes first.
 */
export function podsToDelete(pods: Pod[], related: Pod[], diff: number, now = Date.now()): Pod[] {
  if (diff >= pods.length) return pods.slice(0, diff);
  const onNode = new Map<string, number>();
  for (const p of related) {
    if (!isPodActive(p)) continue;
    const n = p.spec?.nodeName ?? '';
    onNode.set(n, (onNode.get(n) ?? 0) + 1);
  }
  const ranked: Ranked[] = pods.map((pod) => ({
    pod,
    assigned: !!pod.spec?.nodeName,
    phase: PHASE_ORDINAL[podPhase(pod)] ?? 0,
    ready: isPodReady(pod),
    cost: deletionCost(pod),
    rank: onNode.get(pod.spec?.nodeName ?? '') ?? 0,
    readyAt: podReadyTime(pod),
    restarts: maxContainerRestarts(pod),
    created: parseTime(pod.metadata?.creationTimestamp),
    uid: pod.metadata?.uid ?? '',
  }));
  ranked.sort((a, b) => compare(a, b, now));
  return ranked.slice(0, diff).map((r) => r.pod);
}
