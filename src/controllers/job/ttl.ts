// The TTL-after-finished controller (upstream pkg/controller/ttlafterfinished):
// a finished Job with spec.ttlSecondsAfterFinished is deleted that many
// seconds after its Complete/Failed condition, after re-reading it from the
// API server in case the TTL or the Job changed. Deletion is in the
// foreground, as upstream: the garbage collector removes the pods first.
import { isNotFound } from '../../client/errors.js';
import { objectKey } from '../../client/types.js';
import type { Controller, ControllerContext } from '../types.js';
import { QueueWorkers } from '../worker.js';
import { finishedAt, type Job, JOBS } from './types.js';

export class TTLAfterFinishedController implements Controller {
  readonly name = 'ttl-after-finished';
  private readonly workers: QueueWorkers;

  constructor(
    private readonly ctx: ControllerContext,
    private readonly now: () => number = Date.now,
  ) {
    this.workers = new QueueWorkers('ttl-after-finished', (k) => this.sync(k), ctx.log);
  }

  run(): void {
    const jobs = this.ctx.informers.informer<Job>(JOBS);
    const consider = (j: Job): void => {
      if (j.metadata?.deletionTimestamp || !needsCleanup(j)) return;
      this.workers.queue.add(objectKey(j));
    };
    jobs.addEventHandler({ add: consider, update: (_o, n) => consider(n) });
    this.workers.start(this.ctx.options.workers ?? 5);
  }

  stop(): Promise<void> {
    return this.workers.stop();
  }

  private async sync(key: string): Promise<void> {
    const cached = this.ctx.informers.informer<Job>(JOBS).get(key);
    if (!cached || cached.metadata?.deletionTimestamp || !needsCleanup(cached)) return;
    if (this.requeueIfUnexpired(key, cached)) return;
    // The cache may be stale: check the TTL against the live object before deleting.
    const [ns, name] = key.split('/') as [string, string];
    let fresh: Job;
    try {
      fresh = await this.ctx.client.get<Job>(JOBS, ns, name);
    } catch (e) {
      if (isNotFound(e)) return;
      throw e;
    }
    if (fresh.metadata?.deletionTimestamp || !needsCleanup(fresh) || this.requeueIfUnexpired(key, fresh)) return;
    try {
      await this.ctx.client.delete(JOBS, ns, name, { propagationPolicy: 'Foreground', preconditions: { uid: fresh.metadata?.uid } });
      this.ctx.log(`ttl-after-finished: deleted Job ${key}`);
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
  }

  /** Re-queues for the expiry time when it is still ahead; true when it was. */
  private requeueIfUnexpired(key: string, job: Job): boolean {
    const left = timeLeft(job, this.now());
    if (left === undefined || left <= 0) return false;
    this.workers.queue.addAfter(key, left);
    return true;
  }
}

export function needsCleanup(job: Job): boolean {
  return typeof job.spec?.ttlSecondsAfterFinished === 'number' && !!finishedAt(job);
}

/** Milliseconds until the Job expires (negative when past), undefined without a finish time. */
export function timeLeft(job: Job, now: number): number | undefined {
  const f = finishedAt(job);
  const ttl = job.spec?.ttlSecondsAfterFinished;
  if (!f || typeof ttl !== 'number') return undefined;
  // Upstream prefers the condition's transition time, else completionTime.
  const at = Date.parse(f.at ?? job.status?.completionTime ?? '');
  if (Number.isNaN(at)) return undefined;
  return at + ttl * 1000 - now;
}

export function createTTLAfterFinishedController(ctx: ControllerContext): Controller {
  return new TTLAfterFinishedController(ctx);
}
