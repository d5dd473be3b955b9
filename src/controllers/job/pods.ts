// Pod predicates and orderings the Job controller uses (upstream's
// controller_utils and job utils): active, ready, failed, terminating, the
// tracking finalizer, when a pod finished, and which active pods to delete
// first.
import { COMPLETION_INDEX_ANNOTATION, type Job, JOB_TRACKING_FINALIZER, onlyReplaceFailedPods, type Pod } from './types.js';

export const podPhase = (p: Pod): string => p.status?.phase ?? '';
export const isTerminal = (p: Pod): boolean => podPhase(p) === 'Succeeded' || podPhase(p) === 'Failed';
export const isDeleting = (p: Pod): boolean => !!p.metadata?.deletionTimestamp;

/** Neither finished nor being deleted (upstream FilterActivePods). */
export const isActive = (p: Pod): boolean => !isTerminal(p) && !isDeleting(p);

import { isPodReady as isReady } from '../pod-conditions.js';

export { isReady };

/** Being deleted but not yet finished (upstream CountTerminatingPods). */
export const isTerminating = (p: Pod): boolean => isDeleting(p) && !isTerminal(p);

export const hasTrackingFinalizer = (p: Pod): boolean => (p.metadata?.finalizers ?? []).includes(JOB_TRACKING_FINALIZER);

/** Failed, or (unless only failed pods are replaced) deleted before it could succeed. */
export function isPodFailed(p: Pod, job: Job): boolean {
  if (podPhase(p) === 'Failed') return true;
  if (onlyReplaceFailedPods(job)) return false;
  return isDeleting(p) && podPhase(p) !== 'Succeeded';
}

/** The completion index annotation, or -1 when missing or invalid. */
export function completionIndex(p: Pod): number {
  const v = p.metadata?.annotations?.[COMPLETION_INDEX_ANNOTATION];
  if (v === undefined || !/^\d+$/.test(v)) return -1;
  const n = Number(v);
  return Number.isSafeInteger(n) ? n : -1;
}

/** When the pod finished: its containers' last finishedAt, else its Ready transition, else `now`. */
export function podFinishTime(p: Pod, now: number): number {
  let latest = 0;
  for (const s of [...(p.status?.containerStatuses ?? []), ...(p.status?.initContainerStatuses ?? [])]) {
    const t = s.state?.terminated?.finishedAt;
    if (t) latest = Math.max(latest, Date.parse(t));
  }
  if (latest) return latest;
  const ready = p.status?.conditions?.find((c) => c.type === 'Ready')?.lastTransitionTime;
  if (ready && !isReady(p)) return Date.parse(ready);
  return now;
}

const PHASE_RANK: Record<string, number> = { Pending: 1, Unknown: 2, Running: 3 };

function restarts(p: Pod): number {
  return (p.status?.containerStatuses ?? []).reduce((n, s) => Math.max(n, s.restartCount ?? 0), 0);
}

/**
 * Orders active pods cheapest-to-delete first (upstream controller.ActivePods):
 * unscheduled < scheduled, pending < unknown < running, not ready < ready,
 * more restarts first, newer first.
 */
export function compareForDeletion(a: Pod, b: Pod): number {
  const sa = a.spec?.nodeName ? 1 : 0;
  const sb = b.spec?.nodeName ? 1 : 0;
  if (sa !== sb) return sa - sb;
  const pa = PHASE_RANK[podPhase(a)] ?? 0;
  const pb = PHASE_RANK[podPhase(b)] ?? 0;
  if (pa !== pb) return pa - pb;
  const ra = isReady(a) ? 1 : 0;
  const rb = isReady(b) ? 1 : 0;
  if (ra !== rb) return ra - rb;
  if (restarts(a) !== restarts(b)) return restarts(b) - restarts(a);
  const ca = Date.parse(a.metadata?.creationTimestamp ?? '') || 0;
  const cb = Date.parse(b.metadata?.creationTimestamp ?? '') || 0;
  return cb - ca;
}

/**
 * Active pods to delete: for Indexed Jobs every pod with a missing, out of
 * range or repeated index first; then the cheapest until `atLeast` are chosen.
 */
export function activePodsForRemoval(job: Job, pods: Pod[], atLeast: number): Pod[] {
  const rm: Pod[] = [];
  let left = pods;
  if (job.spec?.completionMode === 'Indexed') {
    const completions = job.spec.completions ?? 0;
    const seen = new Set<number>();
    left = [];
    // Within one index the most valuable pod (last to delete) comes first and is kept.
    const byIndex = [...pods].sort((a, b) => completionIndex(a) - completionIndex(b) || compareForDeletion(b, a));
    for (const p of byIndex) {
      const ix = completionIndex(p);
      if (ix < 0 || ix >= completions || seen.has(ix)) rm.push(p);
      else {
        seen.add(ix);
        left.push(p);
      }
    }
  }
  if (rm.length < atLeast) rm.push(...[...left].sort(compareForDeletion).slice(0, atLeast - rm.length));
  return rm;
}
