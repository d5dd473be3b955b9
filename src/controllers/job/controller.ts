// The Job controller (upstream pkg/controller/job): Job and Pod event
// handlers that enqueue Job keys (pod events batched), a sync per key, and a
// second queue that strips the tracking finalizer from pods whose Job is
// gone or finished.
import { PODS } from '../../client/gvr.js';
import { objectKey } from '../../client/types.js';
import { labelSelectorAsSelector } from '../../apiserver/kinds/apps/selector.js';
import { controllerOf } from '../controller-ref.js';
import { Expectations } from '../expectations.js';
import { PodControl } from '../pod-control.js';
import type { Controller, ControllerContext } from '../types.js';
import { QueueWorkers } from '../worker.js';
import { BackoffStore, type BackoffTimes, DEFAULT_BACKOFF } from './backoff.js';
import { FinalizerExpectations, type JobDeps } from './context.js';
import { podsToRelease, releaseOrphanPod } from './orphans.js';
import { hasTrackingFinalizer } from './pods.js';
import { syncJob } from './sync.js';
import { isJobFinished, type Job, JOB_API_VERSION, JOB_KIND, JOBS, type Pod } from './types.js';

export interface JobControllerOptions {
  /** Pod failure back-off (default 10 s doubling to 6 min). */
  backoff?: BackoffTimes;
  /** Delay of syncs caused by pod events (default 1 s). */
  batchPeriodMs?: number;
  now?: () => number;
}

/** Loose extra tunables read from ControllerOptions (not yet declared there). */
function optionsFrom(ctx: ControllerContext): JobControllerOptions {
  const o = ctx.options;
  return {
    backoff: { baseMs: o.jobBackoffBaseMs ?? DEFAULT_BACKOFF.baseMs, maxMs: o.jobBackoffMaxMs ?? DEFAULT_BACKOFF.maxMs },
    batchPeriodMs: o.jobSyncBatchPeriodMs,
  };
}

export class JobController implements Controller {
  readonly name = 'job';
  private readonly workers: QueueWorkers;
  private readonly orphans: QueueWorkers;
  readonly deps: JobDeps;

  constructor(
    private readonly ctx: ControllerContext,
    opts: JobControllerOptions = optionsFrom(ctx),
  ) {
    this.workers = new QueueWorkers('job', (k) => syncJob(this.deps, k), ctx.log);
    this.orphans = new QueueWorkers('job-orphan-pods', (k) => this.syncOrphanPod(k), ctx.log);
    const pods = ctx.informers.informer<Pod>(PODS);
    pods.addIndex('namespace', (p) => [p.metadata?.namespace ?? '']);
    this.deps = {
      client: ctx.client,
      jobs: ctx.informers.informer<Job>(JOBS),
      pods,
      podControl: new PodControl(ctx.client, ctx.recorder('job-controller')),
      recorder: ctx.recorder('job-controller'),
      expectations: new Expectations(opts.now),
      finalizers: new FinalizerExpectations(),
      backoff: new BackoffStore(),
      backoffTimes: opts.backoff ?? DEFAULT_BACKOFF,
      batchPeriodMs: opts.batchPeriodMs ?? 1000,
      now: opts.now ?? Date.now,
      enqueueAfter: (k, ms) => this.workers.queue.addAfter(k, ms),
    };
  }

  run(): void {
    const { jobs, pods } = this.deps;
    jobs.addEventHandler({
      add: (j) => this.enqueue(j, 0),
      update: (old, cur) => this.updateJob(old, cur),
      delete: (j) => {
        this.enqueue(j, 0);
        this.cleanupPodFinalizers(j);
      },
    });
    pods.addEventHandler({
      add: (p) => this.addPod(p),
      update: (old, cur) => this.updatePod(old, cur),
      delete: (p) => this.deletePod(p, true),
    });
    this.workers.start(this.ctx.options.workers ?? 5);
    this.orphans.start(1);
  }

  async stop(): Promise<void> {
    await Promise.all([this.workers.stop(), this.orphans.stop()]);
  }

  private enqueue(job: Job, delayMs: number): void {
    this.workers.queue.addAfter(objectKey(job), delayMs);
  }

  private batched(job: Job): void {
    this.enqueue(job, this.deps.batchPeriodMs);
  }

  private updateJob(old: Job, cur: Job): void {
    if (old.metadata?.generation === cur.metadata?.generation) this.batched(cur);
    else this.enqueue(cur, 0);
    if (isJobFinished(cur)) this.cleanupPodFinalizers(cur);
    const start = cur.status?.startTime;
    const ads = cur.spec?.activeDeadlineSeconds;
    if (start && typeof ads === 'number' && ads !== old.spec?.activeDeadlineSeconds) {
      this.enqueue(cur, ads * 1000 - (this.deps.now() - Date.parse(start)));
    }
  }

  /** The Job a controller reference points at, if it exists with that uid. */
  private resolve(ns: string | undefined, pod: Pod): Job | undefined {
    const ref = controllerOf(pod);
    if (!ref || ref.kind !== JOB_KIND || ref.apiVersion !== JOB_API_VERSION) return undefined;
    const job = this.deps.jobs.get(`${ns}/${ref.name}`);
    return job && job.metadata?.uid === ref.uid ? job : undefined;
  }

  private matchingJobs(pod: Pod): Job[] {
    const ns = pod.metadata?.namespace;
    return this.deps.jobs.list().filter((j) => j.metadata?.namespace === ns && !!labelSelectorAsSelector(j.spec?.selector)?.matches(pod.metadata?.labels));
  }

  private addPod(pod: Pod): void {
    if (pod.metadata?.deletionTimestamp) return this.deletePod(pod, false);
    if (controllerOf(pod)) {
      const job = this.resolve(pod.metadata?.namespace, pod);
      if (!job) {
        if (hasTrackingFinalizer(pod)) this.orphans.queue.add(objectKey(pod));
        return;
      }
      this.deps.expectations.creationObserved(objectKey(job));
      return this.batched(job);
    }
    if (hasTrackingFinalizer(pod)) this.orphans.queue.add(objectKey(pod));
    for (const j of this.matchingJobs(pod)) this.batched(j);
  }

  private updatePod(old: Pod, cur: Pod): void {
    if (old.metadata?.resourceVersion === cur.metadata?.resourceVersion) return;
    if (cur.metadata?.deletionTimestamp) {
      // A deleted pod may not report it again: count it now.
      this.deletePod(cur, false);
      if (hasTrackingFinalizer(old) && !hasTrackingFinalizer(cur)) this.finalizerRemoved(cur);
      return;
    }
    const oldRef = controllerOf(old);
    const curRef = controllerOf(cur);
    if (oldRef && oldRef.uid !== curRef?.uid) {
      const oldJob = this.resolve(old.metadata?.namespace, old);
      if (oldJob) this.batched(oldJob);
    }
    if (curRef) {
      const job = this.resolve(cur.metadata?.namespace, cur);
      if (!job) {
        if (hasTrackingFinalizer(cur)) this.orphans.queue.add(objectKey(cur));
        return;
      }
      if (hasTrackingFinalizer(old) && !hasTrackingFinalizer(cur)) this.finalizerRemoved(cur);
      return this.batched(job);
    }
    if (hasTrackingFinalizer(cur)) this.orphans.queue.add(objectKey(cur));
    for (const j of this.matchingJobs(cur)) this.batched(j);
  }

  private finalizerRemoved(pod: Pod): void {
    const job = this.resolve(pod.metadata?.namespace, pod);
    if (job) this.deps.finalizers.observed(objectKey(job), String(pod.metadata?.uid));
  }

  private deletePod(pod: Pod, final: boolean): void {
    const job = this.resolve(pod.metadata?.namespace, pod);
    if (!job || isJobFinished(job)) {
      if (hasTrackingFinalizer(pod)) this.orphans.queue.add(objectKey(pod));
      return;
    }
    const key = objectKey(job);
    this.deps.expectations.deletionObserved(key);
    if (final || !hasTrackingFinalizer(pod)) this.deps.finalizers.observed(key, String(pod.metadata?.uid));
    this.batched(job);
  }

  /** Queues the pods of a finished or deleted Job that still carry the finalizer. */
  private cleanupPodFinalizers(job: Job): void {
    for (const p of podsToRelease(this.deps, job)) this.orphans.queue.add(objectKey(p));
  }

  private syncOrphanPod(key: string): Promise<void> {
    return releaseOrphanPod(this.deps, key, (p) => this.resolve(p.metadata?.namespace, p));
  }
}

export function createJobController(ctx: ControllerContext): Controller {
  return new JobController(ctx);
}
