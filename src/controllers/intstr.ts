// intstr.GetScaledValueFromIntOrPercent: an integer as is, or "N%" of a total
// rounded up or down (maxSurge, maxUnavailable, minAvailable).
export class IntOrPercentError extends Error {
  constructor(value: unknown) {
    super(`invalid value for IntOrString: invalid value ${JSON.stringify(value)}: string is not a percentage`);
    this.name = 'IntOrPercentError';
  }
}

export function scaledValue(v: number | string | undefined, total: number, roundUp: boolean): number {
  if (typeof v === 'number') return v;
  const m = typeof v === 'string' ? /^(-?\d+)%$/.exec(v) : null;
  if (!m) throw new IntOrPercentError(v);
  const scaled = (Number(m[1]) * total) / 100;
  return roundUp ? Math.ceil(scaled) : Math.floor(scaled);
}
