// Pod re-creation back-off after failures (upstream backoff_utils): per Job,
// the failures since the last success and when the last one happened; a new
// pod waits base * 2^(failures-1), capped (10 s and 6 min upstream).
import { podFinishTime } from './pods.js';
import type { Pod } from './types.js';

export interface BackoffRecord {
  failuresAfterLastSuccess: number;
  lastFailureTime?: number;
}

export interface BackoffTimes {
  baseMs: number;
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffTimes = { baseMs: 10_000, maxMs: 6 * 60_000 };

export class BackoffStore {
  private readonly records = new Map<string, BackoffRecord>();

  get(key: string): BackoffRecord {
    return this.records.get(key) ?? { failuresAfterLastSuccess: 0 };
  }

  set(key: string, r: BackoffRecord): void {
    this.records.set(key, r);
  }

  remove(key: string): void {
    this.records.delete(key);
  }
}

/**
 * The record after newly finished pods: a success resets the count to the
 * failures that finished after it; otherwise failures add up.
 */
export function nextBackoffRecord(prev: BackoffRecord, succeeded: Pod[], failed: Pod[], now: number): BackoffRecord {
  if (succeeded.length === 0 && failed.length === 0) return prev;
  const failTimes = failed.map((p) => podFinishTime(p, now));
  const lastFail = failTimes.length ? Math.max(...failTimes) : undefined;
  if (succeeded.length === 0) {
    return { failuresAfterLastSuccess: prev.failuresAfterLastSuccess + failed.length, lastFailureTime: lastFail ?? prev.lastFailureTime };
  }
  const lastSuccess = Math.max(...succeeded.map((p) => podFinishTime(p, now)));
  const after = failTimes.filter((t) => t > lastSuccess);
  if (after.length === 0) return { failuresAfterLastSuccess: 0 };
  return { failuresAfterLastSuccess: after.length, lastFailureTime: Math.max(...after) };
}

/** How long until the next pod may be created (0: now). */
export function remainingBackoff(r: BackoffRecord, times: BackoffTimes, now: number): number {
  if (r.failuresAfterLastSuccess === 0 || r.lastFailureTime === undefined) return 0;
  const exp = Math.min(r.failuresAfterLastSuccess - 1, 30);
  const delay = Math.min(times.baseMs * 2 ** exp, times.maxMs);
  return Math.max(0, r.lastFailureTime + delay - now);
}
