// The scheduling queue, after kube-scheduler's PriorityQueue: activeQ (highest
// priority, then oldest, first), backoffQ (failed pods wait 1 s doubling to
// 10 s), and unschedulable pods that only come back on a cluster event that
// may help them (or after 5 minutes), never in a hot loop.
import { type Pod, podKey } from './framework/types.js';

export interface QueuedPod {
  pod: Pod;
  key: string;
  attempts: number;
  /** When the pod was first queued (ms). */
  timestamp: number;
  /** When the last attempt failed (ms). */
  lastFailure: number;
  /** Plugins that rejected it last time. */
  unschedulablePlugins: Set<string>;
  /** The scheduling cycle in which it was popped. */
  cycle: number;
}

export interface QueueOptions {
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  /** Unschedulable pods are retried after this long even without events (default 5 min). */
  maxUnschedulableMs?: number;
  now?: () => number;
}

export class SchedulingQueue {
  private readonly active = new Map<string, QueuedPod>();
  private readonly backoff = new Map<string, QueuedPod>();
  private readonly unschedulable = new Map<string, QueuedPod>();
  /** Pods popped and being scheduled. */
  private readonly inFlight = new Map<string, QueuedPod>();
  private waiters: Array<(p: QueuedPod | undefined) => void> = [];
  private cycle = 0;
  private moveRequestCycle = -1;
  private closed = false;
  private readonly timer: NodeJS.Timeout;
  private readonly now: () => number;

  constructor(private readonly opts: QueueOptions = {}) {
    this.now = opts.now ?? Date.now;
    this.timer = setInterval(() => this.flush(), Math.min(1000, this.initialBackoff()));
  }

  private initialBackoff(): number {
    return this.opts.initialBackoffMs ?? 1000;
  }

  backoffDuration(q: QueuedPod): number {
    const d = this.initialBackoff() * 2 ** Math.max(q.attempts - 1, 0);
    return Math.min(d, this.opts.maxBackoffMs ?? 10000);
  }

  private isBackingOff(q: QueuedPod): boolean {
    return q.attempts > 0 && this.now() < q.lastFailure + this.backoffDuration(q);
  }

  has(key: string): boolean {
    return this.active.has(key) || this.backoff.has(key) || this.unschedulable.has(key) || this.inFlight.has(key);
  }

  /** A new pending pod. */
  add(pod: Pod): void {
    const key = podKey(pod);
    if (this.has(key)) return this.update(pod);
    this.pushActive({ pod, key, attempts: 0, timestamp: this.now(), lastFailure: 0, unschedulablePlugins: new Set(), cycle: 0 });
  }

  /** A pending pod changed; an unschedulable one whose spec or labels changed gets another try. */
  update(pod: Pod): void {
    const key = podKey(pod);
    const q = this.active.get(key) ?? this.backoff.get(key) ?? this.inFlight.get(key);
    if (q) {
      q.pod = pod;
      return;
    }
    const u = this.unschedulable.get(key);
    if (!u) return this.add(pod);
    const changed = JSON.stringify([u.pod.spec, u.pod.metadata?.labels, u.pod.metadata?.annotations]) !== JSON.stringify([pod.spec, pod.metadata?.labels, pod.metadata?.annotations]);
    u.pod = pod;
    if (changed) {
      this.unschedulable.delete(key);
      this.requeue(u);
    }
  }

  delete(pod: Pod): void {
    const key = podKey(pod);
    this.active.delete(key);
    this.backoff.delete(key);
    this.unschedulable.delete(key);
    this.inFlight.delete(key);
  }

  /** The next pod to schedule (undefined once closed). */
  pop(): Promise<QueuedPod | undefined> {
    if (this.closed) return Promise.resolve(undefined);
    const next = this.takeActive();
    if (next) return Promise.resolve(next);
    return new Promise((r) => this.waiters.push(r));
  }

  /** Scheduling finished (bound, or given back with requeueUnschedulable/requeueError). */
  done(key: string): void {
    this.inFlight.delete(key);
  }

  /** No node fits: wait for a helpful cluster event (or back off if one came during the attempt). */
  requeueUnschedulable(q: QueuedPod, plugins: Set<string>): void {
    if (!this.inFlight.has(q.key)) return; // deleted meanwhile
    this.inFlight.delete(q.key);
    q.attempts++;
    q.lastFailure = this.now();
    q.unschedulablePlugins = plugins;
    if (this.moveRequestCycle >= q.cycle) this.backoff.set(q.key, q);
    else this.unschedulable.set(q.key, q);
  }

  /** An error (e.g. a failed binding): retry after back-off. */
  requeueError(q: QueuedPod): void {
    if (!this.inFlight.has(q.key)) return;
    this.inFlight.delete(q.key);
    q.attempts++;
    q.lastFailure = this.now();
    this.backoff.set(q.key, q);
  }

  /** A cluster event: unschedulable pods it may help (all, unless filtered) go to activeQ or backoffQ. */
  moveUnschedulable(filter: (q: QueuedPod) => boolean = () => true): void {
    for (const [key, q] of this.unschedulable) {
      if (!filter(q)) continue;
      this.unschedulable.delete(key);
      this.requeue(q);
    }
    this.moveRequestCycle = this.cycle;
  }

  close(): void {
    this.closed = true;
    clearInterval(this.timer);
    for (const w of this.waiters.splice(0)) w(undefined);
  }

  sizes(): { active: number; backoff: number; unschedulable: number } {
    return { active: this.active.size, backoff: this.backoff.size, unschedulable: this.unschedulable.size };
  }

  /** Moves pods whose back-off ended to activeQ and stale unschedulable pods back. */
  flush(): void {
    for (const [key, q] of this.backoff) {
      if (!this.isBackingOff(q)) {
        this.backoff.delete(key);
        this.pushActive(q);
      }
    }
    const maxWait = this.opts.maxUnschedulableMs ?? 5 * 60_000;
    for (const [key, q] of this.unschedulable) {
      if (this.now() - q.lastFailure >= maxWait) {
        this.unschedulable.delete(key);
        this.requeue(q);
      }
    }
  }

  private requeue(q: QueuedPod): void {
    if (this.isBackingOff(q)) this.backoff.set(q.key, q);
    else this.pushActive(q);
  }

  private pushActive(q: QueuedPod): void {
    if (this.closed) return;
    this.active.set(q.key, q);
    const w = this.waiters.shift();
    if (w) w(this.takeActive());
  }

  private takeActive(): QueuedPod | undefined {
    let best: QueuedPod | undefined;
    for (const q of this.active.values()) {
      const pq = q.pod.spec?.priority ?? 0;
      const pb = best?.pod.spec?.priority ?? 0;
      if (!best || pq > pb || (pq === pb && q.timestamp < best.timestamp)) best = q;
    }
    if (!best) return undefined;
    this.active.delete(best.key);
    this.inFlight.set(best.key, best);
    best.cycle = ++this.cycle;
    return best;
  }
}
