// ControllerExpectations (upstream controller_utils): how many creates and
// deletes a controller has asked for and not yet seen through its informer,
// so a sync does not act twice on a stale cache. Expectations expire after
// five minutes in case a watch event was lost.
const TTL_MS = 5 * 60 * 1000;

interface Expectation {
  add: number;
  del: number;
  at: number;
}

export class Expectations {
  private readonly items = new Map<string, Expectation>();

  constructor(private readonly now: () => number = Date.now) {}

  expectCreations(key: string, n: number): void {
    this.items.set(key, { add: n, del: 0, at: this.now() });
  }

  expectDeletions(key: string, n: number): void {
    this.items.set(key, { add: 0, del: n, at: this.now() });
  }

  /** One expected create seen (or failed: lower it so the next sync retries). */
  creationObserved(key: string): void {
    const e = this.items.get(key);
    if (e) e.add--;
  }

  deletionObserved(key: string): void {
    const e = this.items.get(key);
    if (e) e.del--;
  }

  /** True when nothing is pending, or the expectation has expired. */
  satisfied(key: string): boolean {
    const e = this.items.get(key);
    if (!e) return true;
    return (e.add <= 0 && e.del <= 0) || this.now() - e.at > TTL_MS;
  }

  delete(key: string): void {
    this.items.delete(key);
  }
}

/**
 * Runs `fn` `count` times in batches of 1, 2, 4, … (upstream slowStartBatch):
 * a batch with any failure stops further batches. Returns how many succeeded
 * and the first error.
 */
export async function slowStartBatch(count: number, initial: number, fn: (i: number) => Promise<void>): Promise<{ ok: number; error?: Error }> {
  let done = 0;
  let ok = 0;
  let batch = Math.min(count, initial);
  while (batch > 0) {
    const results = await Promise.allSettled(Array.from({ length: batch }, (_, j) => fn(done + j)));
    done += batch;
    const failed = results.find((r) => r.status === 'rejected') as PromiseRejectedResult | undefined;
    ok += results.filter((r) => r.status === 'fulfilled').length;
    if (failed) return { ok, error: failed.reason as Error };
    batch = Math.min(2 * batch, count - done);
  }
  return { ok };
}
