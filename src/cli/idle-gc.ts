// Gives memory back after a burst: once the process has been nearly idle for
// a few seconds and its heap has grown by 16 MB or more since the last full
// collection, it runs one. V8 collects incrementally while busy but keeps the
// pages a burst made it grow until much later; an idle controller manager or
// node agent should not sit on them. Needs --expose-gc (bin/skiff's shebang
// passes it); without it this does nothing.
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

/** Starts the check; returns how to stop it. */
export function startIdleGc(o: IdleGcOptions = {}): () => void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (typeof gc !== 'function') return () => {};
  const quietChecks = o.quietChecks ?? 3;
  const maxUtilization = o.maxUtilization ?? 0.05;
  const growth = o.growthBytes ?? 16 << 20;
  let last = performance.eventLoopUtilization();
  let quiet = 0;
  let baseline = getHeapStatistics().used_heap_size;
  const timer = setInterval(() => {
    const now = performance.eventLoopUtilization();
    quiet = performance.eventLoopUtilization(now, last).utilization < maxUtilization ? quiet + 1 : 0;
    last = now;
    const used = getHeapStatistics().used_heap_size;
    if (quiet >= quietChecks && used - baseline >= growth) {
      gc();
      baseline = getHeapStatistics().used_heap_size;
      quiet = 0;
    } else if (used < baseline) baseline = used;
  }, o.checkMs ?? 1000);
  timer.unref();
  return () => clearInterval(timer);
}
