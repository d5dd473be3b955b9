// HPA status conditions (AbleToScale, ScalingActive, ScalingLimited): set by
// type, lastTransitionTime kept unless the status flips.
export interface Condition {
  type: 'AbleToScale' | 'ScalingActive' | 'ScalingLimited';
  status: 'True' | 'False' | 'Unknown';
  reason: string;
  message: string;
  lastTransitionTime?: string;
}

export function setCondition(list: Condition[], c: Condition, now: string): Condition[] {
  const old = list.find((x) => x.type === c.type);
  const next: Condition = { ...c, lastTransitionTime: old && old.status === c.status ? old.lastTransitionTime : now };
  const out = list.filter((x) => x.type !== c.type);
  out.push(next);
  const order = ['AbleToScale', 'ScalingActive', 'ScalingLimited'];
  return out.sort((a, b) => order.indexOf(a.type) - order.indexOf(b.type));
}
