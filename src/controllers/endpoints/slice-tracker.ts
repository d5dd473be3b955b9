// Remembers the EndpointSlice writes of each service until the informer has
// shown them (upstream's endpointSliceTracker), so a sync never plans from a
// cache that misses a slice it just created, updated or deleted.
import type { KubeObject } from '../../apiserver/types.js';

export class StaleSlicesError extends Error {
  /** Expected while the informer catches up: QueueWorkers retries without logging it. */
  readonly retryQuietly = true;
  constructor(service: string) {
    super(`endpointslice cache for service ${service} is behind our writes; retrying`);
    this.name = 'StaleSlicesError';
  }
}

const DELETED = 'deleted';

export class SliceTracker {
  /** service key → slice name → resourceVersion written (or 'deleted'). */
  private readonly writes = new Map<string, Map<string, string>>();

  written(service: string, slice: KubeObject): void {
    this.entry(service).set(String(slice.metadata?.name), String(slice.metadata?.resourceVersion ?? ''));
  }

  deleted(service: string, name: string): void {
    this.entry(service).set(name, DELETED);
  }

  forget(service: string): void {
    this.writes.delete(service);
  }

  /** True when `cached` (the informer's slices of the service) reflects every write. Drops the writes it sees. */
  upToDate(service: string, cached: KubeObject[]): boolean {
    const w = this.writes.get(service);
    if (!w) return true;
    const byName = new Map(cached.map((s) => [String(s.metadata?.name), s]));
    for (const [name, rv] of w) {
      const seen = byName.get(name);
      const caughtUp = rv === DELETED ? !seen : !!seen && newerOrSame(String(seen.metadata?.resourceVersion ?? ''), rv);
      if (caughtUp) w.delete(name);
    }
    if (w.size === 0) this.writes.delete(service);
    return w.size === 0;
  }

  private entry(service: string): Map<string, string> {
    let m = this.writes.get(service);
    if (!m) this.writes.set(service, (m = new Map()));
    return m;
  }
}

function newerOrSame(seen: string, wrote: string): boolean {
  if (/^\d+$/.test(seen) && /^\d+$/.test(wrote)) return BigInt(seen) >= BigInt(wrote);
  return seen === wrote;
}
