// Pod lifecycle predicates the StatefulSet controller decides on (upstream
// stateful_set_utils.go and podutil.IsPodAvailable).
import { isPodReady, readyCondition } from '../pod-conditions.js';
import type { Pod } from './types.js';

/** Created means the API server has given it a phase (a pod built locally has none). */
export const isCreated = (pod: Pod): boolean => !!pod.status?.phase;
export const isPending = (pod: Pod): boolean => pod.status?.phase === 'Pending';
export const isFailed = (pod: Pod): boolean => pod.status?.phase === 'Failed';
export const isSucceeded = (pod: Pod): boolean => pod.status?.phase === 'Succeeded';
export const isTerminating = (pod: Pod): boolean => !!pod.metadata?.deletionTimestamp;

export const isReady = isPodReady;

export const isRunningAndReady = (pod: Pod): boolean => pod.status?.phase === 'Running' && isReady(pod);

/** Ready for at least minReadySeconds (by the Ready condition's lastTransitionTime). */
export function isAvailable(pod: Pod, minReadySeconds: number, now = Date.now()): boolean {
  const c = readyCondition(pod);
  if (c?.status !== 'True') return false;
  if (!minReadySeconds) return true;
  const since = c.lastTransitionTime ? Date.parse(c.lastTransitionTime) : NaN;
  return Number.isFinite(since) && since + minReadySeconds * 1000 <= now;
}

export const isRunningAndAvailable = (pod: Pod, minReadySeconds: number, now = Date.now()): boolean =>
  pod.status?.phase === 'Running' && isAvailable(pod, minReadySeconds, now);

export const isHealthy = (pod: Pod): boolean => isRunningAndReady(pod) && !isTerminating(pod);
