// Combines repeated runs: every numeric field becomes the median of that field
// across the runs (the machine is shared, so single runs are noisy).

/** Median of numbers (mean of the middle two for an even count). */
export function median(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** Field-wise median of objects of the same shape; non-numbers are taken from the first run. */
export function fieldwiseMedian<T>(runs: readonly T[]): T {
  if (runs.length === 0) throw new RangeError('fieldwiseMedian needs at least one run');
  const first = runs[0] as unknown;
  if (typeof first === 'number') return median(runs as unknown as number[]) as T;
  if (first === null || typeof first !== 'object' || Array.isArray(first)) return runs[0];
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(first as Record<string, unknown>)) {
    const values = runs.map((r) => (r as Record<string, unknown>)[k]);
    out[k] = v !== undefined && values.every((x) => x !== undefined) ? fieldwiseMedian(values) : v;
  }
  return out as T;
}
