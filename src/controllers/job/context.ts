// What one Job sync works with: the controller's shared pieces (client,
// caches, expectations, back-off, clock) and the per-sync state upstream
// keeps in syncJobCtx.
import type { Recorder } from '../../agent/events.js';
import type { Informer, ResourceClient } from '../../client/types.js';
import type { Expectations } from '../expectations.js';
import type { PodControl } from '../pod-control.js';
import type { BackoffRecord, BackoffStore, BackoffTimes } from './backoff.js';
import type { Job, JobCondition, Pod } from './types.js';

/** Pod UIDs whose tracking-finalizer removal was sent but not yet seen, per Job key. */
export class FinalizerExpectations {
  private readonly items = new Map<string, Set<string>>();

  expectRemoved(key: string, uids: string[]): void {
    let s = this.items.get(key);
    if (!s) this.items.set(key, (s = new Set()));
    for (const u of uids) s.add(u);
  }

  observed(key: string, uid: string): void {
    const s = this.items.get(key);
    if (!s) return;
    s.delete(uid);
    if (s.size === 0) this.items.delete(key);
  }

  expected(key: string): Set<string> {
    return new Set(this.items.get(key) ?? []);
  }

  delete(key: string): void {
    this.items.delete(key);
  }
}

export interface JobDeps {
  client: ResourceClient;
  jobs: Informer<Job>;
  pods: Informer<Pod>;
  podControl: PodControl;
  recorder: Recorder;
  expectations: Expectations;
  finalizers: FinalizerExpectations;
  backoff: BackoffStore;
  backoffTimes: BackoffTimes;
  /** Minimum delay of re-syncs triggered by pod events (upstream syncJobBatchPeriod, 1 s). */
  batchPeriodMs: number;
  now(): number;
  enqueueAfter(key: string, delayMs: number): void;
}

export interface SyncCtx {
  key: string;
  job: Job;
  pods: Pod[];
  activePods: Pod[];
  active: number;
  ready: number;
  terminating: number;
  succeeded: number;
  failed: number;
  uncountedSucceeded: Set<string>;
  uncountedFailed: Set<string>;
  expectedRmFinalizers: Set<string>;
  newBackoff: BackoffRecord;
  finished?: JobCondition;
  prevSucceededIndexes: Set<number>;
  succeededIndexes: Set<number>;
}
