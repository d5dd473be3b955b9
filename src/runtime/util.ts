export function nowNanos(): number {
  return Date.now() * 1_000_000;
}

/** All selector labels present with equal values. */
export function matchesLabels(labels: Record<string, string>, selector: Record<string, string> | undefined): boolean {
  if (!selector) return true;
  return Object.entries(selector).every(([k, v]) => labels[k] === v);
}
