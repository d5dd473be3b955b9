// Scaling behavior (upstream normalizeDesiredReplicas[WithBehaviors]): the
// stabilization windows over past recommendations, the rate limits of the
// scaling policies over past scale events, and the min/max clamp, with the
// ScalingLimited reason that applied.
export interface Policy {
  type: 'Pods' | 'Percent';
  value: number;
  periodSeconds: number;
}

export interface Rules {
  stabilizationWindowSeconds?: number;
  selectPolicy?: 'Max' | 'Min' | 'Disabled';
  policies?: Policy[];
}

export interface Behavior {
  scaleUp?: Rules;
  scaleDown?: Rules;
}

export interface Recommendation {
  replicas: number;
  at: number;
}

export interface ScaleEvent {
  change: number;
  at: number;
}

export interface History {
  recommendations: Recommendation[];
  scaleUps: ScaleEvent[];
  scaleDowns: ScaleEvent[];
}

export interface Limited {
  replicas: number;
  /** ScalingLimited condition: reason and message when limited. */
  reason?: 'TooFewReplicas' | 'TooManyReplicas' | 'ScaleUpLimit' | 'ScaleDownLimit';
  message?: string;
}

export const DEFAULT_DOWNSCALE_STABILIZATION_S = 300;
const DEFAULT_UP: Rules = { stabilizationWindowSeconds: 0, selectPolicy: 'Max', policies: [{ type: 'Pods', value: 4, periodSeconds: 15 }, { type: 'Percent', value: 100, periodSeconds: 15 }] };
const DEFAULT_DOWN: Rules = { selectPolicy: 'Max', policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }] };

/** The behavior with upstream defaults filled in (a nil behavior acts like the defaults). */
export function effectiveBehavior(b: Behavior | undefined, downscaleWindowS = DEFAULT_DOWNSCALE_STABILIZATION_S): { up: Required<Rules>; down: Required<Rules> } {
  const fill = (r: Rules | undefined, d: Rules, window: number): Required<Rules> => ({
    stabilizationWindowSeconds: r?.stabilizationWindowSeconds ?? d.stabilizationWindowSeconds ?? window,
    selectPolicy: r?.selectPolicy ?? d.selectPolicy!,
    policies: r?.policies ?? d.policies!,
  });
  return { up: fill(b?.scaleUp, DEFAULT_UP, 0), down: fill(b?.scaleDown, DEFAULT_DOWN, downscaleWindowS) };
}

/** Stabilization: the least change among recent recommendations; records `desired`. */
export function stabilize(h: History, current: number, desired: number, up: Rules, down: Rules, now: number): number {
  const upCut = now - (up.stabilizationWindowSeconds ?? 0) * 1000;
  const downCut = now - (down.stabilizationWindowSeconds ?? 0) * 1000;
  let upRec = desired;
  let downRec = desired;
  for (const r of h.recommendations) {
    if (r.at > upCut) upRec = Math.min(upRec, r.replicas);
    if (r.at > downCut) downRec = Math.max(downRec, r.replicas);
  }
  let rec = current;
  if (rec < upRec) rec = upRec;
  if (rec > downRec) rec = downRec;
  const oldest = Math.min(upCut, downCut);
  h.recommendations = h.recommendations.filter((r) => r.at > oldest);
  h.recommendations.push({ replicas: desired, at: now });
  return rec;
}

const changedSince = (events: ScaleEvent[], periodS: number, now: number): number =>
  events.filter((e) => e.at > now - periodS * 1000).reduce((a, e) => a + e.change, 0);

export function scaleUpLimit(current: number, events: ScaleEvent[], rules: Required<Rules>, now: number): number {
  if (rules.selectPolicy === 'Disabled') return current;
  const limits = rules.policies.map((p) => {
    const start = current - changedSince(events, p.periodSeconds, now);
    return p.type === 'Pods' ? start + p.value : Math.ceil(start * (1 + p.value / 100));
  });
  if (limits.length === 0) return current;
  return rules.selectPolicy === 'Min' ? Math.min(...limits) : Math.max(...limits);
}

export function scaleDownLimit(current: number, events: ScaleEvent[], rules: Required<Rules>, now: number): number {
  if (rules.selectPolicy === 'Disabled') return current;
  const limits = rules.policies.map((p) => {
    const start = current + changedSince(events, p.periodSeconds, now);
    return p.type === 'Pods' ? start - p.value : Math.trunc(start * (1 - p.value / 100));
  });
  if (limits.length === 0) return current;
  return rules.selectPolicy === 'Min' ? Math.max(...limits) : Math.min(...limits);
}

/** Applies rate limits and the min/max clamp to the stabilized recommendation. */
export function limitReplicas(current: number, desired: number, min: number, max: number, h: History, up: Required<Rules>, down: Required<Rules>, now: number): Limited {
  if (desired > current) {
    const limit = Math.max(current, scaleUpLimit(current, h.scaleUps, up, now));
    const allowed = Math.min(max, limit);
    if (desired > allowed) {
      return allowed === max && max <= limit
        ? { replicas: allowed, reason: 'TooManyReplicas', message: 'the desired replica count is more than the maximum replica count' }
        : { replicas: allowed, reason: 'ScaleUpLimit', message: 'the desired replica count is increasing faster than the maximum scale rate' };
    }
  } else if (desired < current) {
    const limit = Math.min(current, scaleDownLimit(current, h.scaleDowns, down, now));
    const allowed = Math.max(min, limit);
    if (desired < allowed) {
      return allowed === min && min >= limit
        ? { replicas: allowed, reason: 'TooFewReplicas', message: 'the desired replica count is less than the minimum replica count' }
        : { replicas: allowed, reason: 'ScaleDownLimit', message: 'the desired replica count is decreasing faster than the maximum scale rate' };
    }
  }
  if (desired > max) return { replicas: max, reason: 'TooManyReplicas', message: 'the desired replica count is more than the maximum replica count' };
  if (desired < min) return { replicas: min, reason: 'TooFewReplicas', message: 'the desired replica count is less than the minimum replica count' };
  return { replicas: desired };
}

/** Records a rescale for the policies' look-back. */
export function recordScale(h: History, from: number, to: number, now: number, keepMs = 1800_000): void {
  const list = to > from ? h.scaleUps : h.scaleDowns;
  list.push({ change: Math.abs(to - from), at: now });
  h.scaleUps = h.scaleUps.filter((e) => e.at > now - keepMs);
  h.scaleDowns = h.scaleDowns.filter((e) => e.at > now - keepMs);
}
