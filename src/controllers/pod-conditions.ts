// A pod's Ready condition as controllers read it (upstream podutil): ready,
// and available = ready for at least minReadySeconds.
interface Condition {
  type?: string;
  status?: string;
  lastTransitionTime?: string | null;
}

type PodLike = { status?: { conditions?: Condition[] } };

export function readyCondition<C extends Condition>(p: { status?: { conditions?: C[] } }): C | undefined {
  return (p.status?.conditions ?? []).find((c) => c.type === 'Ready');
}

export const isPodReady = (p: PodLike): boolean => readyCondition(p)?.status === 'True';

/** Ready for at least minReadySeconds, by the Ready condition's lastTransitionTime (upstream IsPodAvailable). */
export function isPodAvailable(p: PodLike, minReadySeconds: number, now: number): boolean {
  const c = readyCondition(p);
  if (c?.status !== 'True') return false;
  if (!minReadySeconds) return true;
  const t = Date.parse(c.lastTransitionTime ?? '');
  return !Number.isNaN(t) && t + minReadySeconds * 1000 < now;
}
