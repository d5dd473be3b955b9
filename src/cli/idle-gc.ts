// Gives memory back after a burst: once the process has been nearly idle for
// a few seconds and its heap has grown by 16 MB or more since the last full
// collection, it runs one. V8 collects incrementally while busy but keeps the
// pages a burst made it grow until much later; an idle controller manager or
// node agent should not sit on them. Needs --expose-gc (bin/skiff, the
// launcher, passes it); without it this does nothing.
import { performance } from 'node:perf_hooks';
import { getHeapStatistics } from 'node:v8';

export interface IdleGcOptions {
  /** How often to look (default 1 s). */
  checkMs?: number;
  /** Consecutive quiet checks before collecting (default 3). */
  quietChecks?: number;
  /** Event-loop utilization below which a check counts as quiet (default 5%). */
  maxUtilization?: number;
  /** Heap growth since the last full collection that makes one worth it (default 16 MB). */
  growthBytes?: number;
}

/** The decision, fed one check at a time: whether to collect now. */
export class IdleGcPolicy {
  private quiet = 0;
  private baseline: number;

  constructor(
    startHeap: number,
    private readonly o: Required<Omit<IdleGcOptions, 'checkMs'>>,
  ) {
    this.baseline = startHeap;
  }

  /** One check with the heap in use and the event loop's utilization since the last check. */
  check(used: number, utilization: number): boolean {
    this.quiet = utilization < this.o.maxUtilization ? this.quiet + 1 : 0;
    if (this.quiet >= this.o.quietChecks && used - this.baseline >= this.o.growthBytes) return true;
    if (used < this.baseline) this.baseline = used;
    return false;
  }

  /** After a collection: the heap it left is the new baseline. */
  collected(used: number): void {
    this.baseline = used;
    this.quiet = 0;
  }
}

/** Starts the check; returns how to stop it. */
export function startIdleGc(o: IdleGcOptions = {}): () => void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (typeof gc !== 'function') return () => {};
  const policy = new IdleGcPolicy(getHeapStatistics().used_heap_size, {
    quietChecks: o.quietChecks ?? 3,
    maxUtilization: o.maxUtilization ?? 0.05,
    growthBytes: o.growthBytes ?? 16 << 20,
  });
  let last = performance.eventLoopUtilization();
  const timer = setInterval(() => {
    const now = performance.eventLoopUtilization();
    const utilization = performance.eventLoopUtilization(now, last).utilization;
    last = now;
    if (policy.check(getHeapStatistics().used_heap_size, utilization)) {
      gc();
      policy.collected(getHeapStatistics().used_heap_size);
    }
  }, o.checkMs ?? 1000);
  timer.unref();
  return () => clearInterval(timer);
}
