// TriggerTimeTracker (upstream util/endpoint): the time of the earliest change
// (a pod's Ready transition, or the Service's creation) not yet reflected in
// the service's endpoints — exported as endpoints.kubernetes.io/last-change-trigger-time.
import type { Pod, Service } from './types.js';

interface State {
  pods: Map<string, number>;
  service: number;
}

const time = (s: string | null | undefined): number => (s ? Date.parse(s) || 0 : 0);

export function podTriggerTime(pod: Pod): number {
  return time((pod.status?.conditions ?? []).find((c) => c.type === 'Ready')?.lastTransitionTime);
}

export class TriggerTimeTracker {
  private readonly states = new Map<string, State>();

  /** 0 means: no annotation. */
  compute(key: string, svc: Service, pods: Pod[]): number {
    const state = this.states.get(key);
    let min = 0;
    const podTimes = new Map<string, number>();
    for (const p of pods) {
      const t = podTriggerTime(p);
      if (!t) continue;
      const name = String(p.metadata?.name);
      podTimes.set(name, t);
      if (t > (state?.pods.get(name) ?? 0) && (min === 0 || t < min)) min = t;
    }
    const svcTime = time(svc.metadata?.creationTimestamp);
    if (svcTime > (state?.service ?? 0) && (min === 0 || svcTime < min)) min = svcTime;
    this.states.set(key, { pods: podTimes, service: svcTime });
    if (!state) return svcTime;
    return min;
  }

  delete(key: string): void {
    this.states.delete(key);
  }
}

/** Go's RFC3339Nano in UTC (trailing fractional zeros dropped). */
export function formatTriggerTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.?0+Z$/, 'Z');
}
