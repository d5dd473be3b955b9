// Runs N workers over a work queue: each takes a key, syncs it, forgets its
// back-off on success or re-queues it rate-limited on failure (client-go's
// processNextWorkItem).
import { RateLimitingQueue } from '../client/workqueue.js';

export type SyncFn = (key: string) => Promise<void>;

/** An error that only asks for a retry (e.g. a cache behind the controller's own writes): not logged. */
export interface RetryQuietly {
  retryQuietly: true;
}

const isQuiet = (e: unknown): boolean => !!e && typeof e === 'object' && (e as Partial<RetryQuietly>).retryQuietly === true;

export class QueueWorkers {
  readonly queue: RateLimitingQueue;
  private running: Promise<void>[] = [];

  constructor(
    private readonly name: string,
    private readonly sync: SyncFn,
    private readonly log: (line: string) => void,
    opts: { baseDelayMs?: number; maxDelayMs?: number } = {},
  ) {
    this.queue = new RateLimitingQueue({ baseDelayMs: opts.baseDelayMs ?? 5, maxDelayMs: opts.maxDelayMs ?? 300_000 });
  }

  start(workers: number): void {
    for (let i = 0; i < workers; i++) this.running.push(this.loop());
  }

  async stop(): Promise<void> {
    this.queue.shutDown();
    await Promise.all(this.running);
    this.running = [];
  }

  private async loop(): Promise<void> {
    for (;;) {
      const key = await this.queue.get();
      if (key === undefined) return;
      try {
        await this.sync(key);
        this.queue.forget(key);
      } catch (e) {
        if (!this.queue.isShuttingDown()) {
          if (!isQuiet(e)) this.log(`${this.name}: syncing ${key}: ${(e as Error).message}`);
          this.queue.addRateLimited(key);
        }
      } finally {
        this.queue.done(key);
      }
    }
  }
}
