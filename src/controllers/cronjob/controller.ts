// The CronJob controller (upstream cronjob_controllerv2): CronJob and Job
// events enqueue the CronJob's key; each sync reconciles, maybe starts a
// Job, cleans up history, writes status, and re-queues itself for the next
// activation with addAfter.
import type { SharedInformer } from '../../client/informer.js';
import { objectKey } from '../../client/types.js';
import { isConflict } from '../../client/errors.js';
import { controllerOf } from '../controller-ref.js';
import { JOBS, type Job } from '../job/types.js';
import type { Controller, ControllerContext } from '../types.js';
import { QueueWorkers } from '../worker.js';
import { cleanupFinishedJobs } from './history.js';
import { nextScheduleDelay, parseSchedule } from './schedule.js';
import { type CronDeps, syncCronJob } from './sync.js';
import { type CronJob, CRONJOB_API_VERSION, CRONJOB_KIND, CRONJOBS } from './types.js';

export interface CronJobControllerOptions {
  now?: () => number;
}

export class CronJobController implements Controller {
  readonly name = 'cronjob';
  private readonly workers: QueueWorkers;
  private readonly deps: CronDeps;
  private readonly cronjobs: SharedInformer<CronJob>;
  private readonly jobs: SharedInformer<Job>;

  constructor(
    private readonly ctx: ControllerContext,
    opts: CronJobControllerOptions = {},
  ) {
    this.workers = new QueueWorkers('cronjob', (k) => this.sync(k), ctx.log);
    this.deps = { client: ctx.client, recorder: ctx.recorder('cronjob-controller'), now: opts.now ?? Date.now };
    this.cronjobs = ctx.informers.informer<CronJob>(CRONJOBS);
    this.jobs = ctx.informers.informer<Job>(JOBS);
    this.jobs.addIndex('cronjob-owner', (j) => {
      const ref = controllerOf(j);
      return ref && ref.kind === CRONJOB_KIND && ref.apiVersion === CRONJOB_API_VERSION ? [`${j.metadata?.namespace}/${ref.uid}`] : [];
    });
  }

  run(): void {
    this.cronjobs.addEventHandler({
      add: (cj) => this.workers.queue.add(objectKey(cj)),
      update: (old, cur) => this.updateCronJob(old, cur),
      delete: (cj) => this.workers.queue.add(objectKey(cj)),
    });
    this.jobs.addEventHandler({
      add: (j) => this.enqueueOwner(j),
      update: (old, cur) => {
        if (old.metadata?.resourceVersion === cur.metadata?.resourceVersion) return;
        if (controllerOf(old)?.uid !== controllerOf(cur)?.uid) this.enqueueOwner(old);
        this.enqueueOwner(cur);
      },
      delete: (j) => this.enqueueOwner(j),
    });
    this.workers.start(this.ctx.options.workers ?? 5);
  }

  stop(): Promise<void> {
    return this.workers.stop();
  }

  private enqueueOwner(job: Job): void {
    const ref = controllerOf(job);
    if (!ref || ref.kind !== CRONJOB_KIND || ref.apiVersion !== CRONJOB_API_VERSION) return;
    const cj = this.cronjobs.get(`${job.metadata?.namespace}/${ref.name}`);
    if (cj && cj.metadata?.uid === ref.uid) this.workers.queue.add(objectKey(cj));
  }

  private updateCronJob(old: CronJob, cur: CronJob): void {
    const key = objectKey(cur);
    if (old.spec?.schedule !== cur.spec?.schedule || old.spec?.timeZone !== cur.spec?.timeZone) {
      // A new schedule: look again at its next activation.
      try {
        const delay = nextScheduleDelay(cur, this.deps.now(), parseSchedule(cur));
        if (delay !== undefined) this.workers.queue.addAfter(key, delay);
        return;
      } catch {
        // Unparseable: the sync reports it.
      }
    }
    this.workers.queue.add(key);
  }

  private async sync(key: string): Promise<void> {
    const cached = this.cronjobs.get(key);
    if (!cached) return;
    const jobs = this.jobs.byIndex('cronjob-owner', `${cached.metadata?.namespace}/${cached.metadata?.uid}`);
    const res = await syncCronJob(this.deps, cached, jobs);
    let update = res.updateStatus;
    if (!res.cj.metadata?.deletionTimestamp && (await cleanupFinishedJobs(this.deps, res.cj, jobs))) update = true;
    if (update) {
      try {
        await this.ctx.client.update(CRONJOBS, String(res.cj.metadata?.namespace), res.cj, { subresource: 'status' });
      } catch (e) {
        // A conflict means a newer CronJob is on its way through the informer: sync again then.
        if (!isConflict(e)) throw e;
        this.workers.queue.addRateLimited(key);
        return;
      }
    }
    if (res.requeueAfterMs !== undefined) this.workers.queue.addAfter(key, res.requeueAfterMs);
  }
}

export function createCronJobController(ctx: ControllerContext): Controller {
  return new CronJobController(ctx);
}
