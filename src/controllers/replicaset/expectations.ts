// UIDTrackingControllerExpectations (upstream controller_utils): creations are
// counted, deletions are tracked per pod key so a pod seen first with a
// deletionTimestamp and then as DELETED lowers the expectation only once.
import { Expectations } from '../expectations.js';

export class PodExpectations {
  private readonly counts: Expectations;
  private readonly deleting = new Map<string, Set<string>>();

  constructor(now: () => number = Date.now) {
    this.counts = new Expectations(now);
  }

  expectCreations(key: string, n: number): void {
    this.counts.expectCreations(key, n);
  }

  creationObserved(key: string): void {
    this.counts.creationObserved(key);
  }

  /** Expects the deletion of these pods (`ns/name` keys). */
  expectDeletions(key: string, podKeys: string[]): void {
    this.deleting.set(key, new Set(podKeys));
    this.counts.expectDeletions(key, podKeys.length);
  }

  /** A pod we asked to delete is gone (or going): counted once per pod. */
  deletionObserved(key: string, podKey: string): void {
    const set = this.deleting.get(key);
    if (!set?.delete(podKey)) return;
    this.counts.deletionObserved(key);
  }

  satisfied(key: string): boolean {
    return this.counts.satisfied(key);
  }

  delete(key: string): void {
    this.counts.delete(key);
    this.deleting.delete(key);
  }
}
