// One serialized worker per pod UID (kubelet's podWorkers): a sync never runs
// twice at once for one pod; updates that arrive while a sync runs are merged
// so the latest desired state wins; a finished sync can ask to run again later.
import type { Pod } from './types.js';

export interface WorkResult {
  /** Sync the pod again after this long (back-off, waiting on something). */
  retryAfterMs?: number;
}

export type SyncHandler = (pod: Pod, removed: boolean) => Promise<WorkResult | void>;

interface Worker {
  pod: Pod;
  removed: boolean;
  pending: boolean;
  running: boolean;
  timer?: NodeJS.Timeout;
}

export class PodWorkers {
  private readonly workers = new Map<string, Worker>();
  private readonly idleWaiters: Array<() => void> = [];
  private stopped = false;

  constructor(
    private readonly handler: SyncHandler,
    private readonly onError: (uid: string, e: unknown) => void = () => {},
    private readonly errorRetryMs = 1000,
  ) {}

  /** The pod's desired state changed (or a resync is due). */
  update(pod: Pod): void {
    this.enqueue(pod, false);
  }

  /** The pod is gone from the API: tear it down. */
  remove(pod: Pod): void {
    this.enqueue(pod, true);
  }

  uids(): string[] {
    return [...this.workers.keys()];
  }

  /** Whether a worker for this UID exists (running, pending or waiting to retry). */
  has(uid: string): boolean {
    return this.workers.has(uid);
  }

  private enqueue(pod: Pod, removed: boolean): void {
    if (this.stopped) return;
    const uid = pod.metadata?.uid ?? '';
    let w = this.workers.get(uid);
    if (!w) {
      w = { pod, removed, pending: true, running: false };
      this.workers.set(uid, w);
    } else {
      // A removal sticks; a later update of a removed pod cannot revive it.
      w.removed = w.removed || removed;
      w.pod = pod;
      w.pending = true;
    }
    if (w.timer) {
      clearTimeout(w.timer);
      w.timer = undefined;
    }
    if (!w.running) void this.run(uid, w);
  }

  private async run(uid: string, w: Worker): Promise<void> {
    w.running = true;
    let retry: number | undefined;
    while (w.pending && !this.stopped) {
      w.pending = false;
      const { pod, removed } = w;
      try {
        retry = (await this.handler(pod, removed))?.retryAfterMs;
      } catch (e) {
        this.onError(uid, e);
        retry = this.errorRetryMs;
      }
      if (removed && !w.pending) {
        this.workers.delete(uid);
        retry = undefined;
        break;
      }
    }
    w.running = false;
    if (retry !== undefined && !this.stopped && this.workers.get(uid) === w && !w.pending) {
      w.timer = setTimeout(() => {
        w.timer = undefined;
        this.enqueue(w.pod, w.removed);
      }, retry);
      w.timer.unref?.();
    }
    if ([...this.workers.values()].every((x) => !x.running && !x.pending)) {
      for (const f of this.idleWaiters.splice(0)) f();
    }
  }

  /** Resolves when no sync is running or pending (retry timers may still be armed). */
  idle(): Promise<void> {
    if ([...this.workers.values()].every((x) => !x.running && !x.pending)) return Promise.resolve();
    return new Promise((r) => this.idleWaiters.push(r));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const w of this.workers.values()) if (w.timer) clearTimeout(w.timer);
    while ([...this.workers.values()].some((w) => w.running)) await new Promise((r) => setTimeout(r, 10));
  }
}
