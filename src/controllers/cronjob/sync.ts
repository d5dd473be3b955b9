// syncCronJob (upstream cronjob_controllerv2): reconcile status.active with
// the Jobs that exist, then, unless suspended, start a Job for the most
// recent unmet activation — honouring startingDeadlineSeconds and the
// concurrency policy — and say when to look again.
import type { Recorder } from '../../agent/events.js';
import { isAlreadyExists, isNotFound } from '../../client/errors.js';
import type { ResourceClient } from '../../client/types.js';
import { isKnownTimeZone } from '../../apiserver/kinds/batch/cron.js';
import { isControlledBy, newControllerRef } from '../controller-ref.js';
import { ownerObjectRef } from '../pod-control.js';
import { findCondition, isJobFinished, JOBS, type Job } from '../job/types.js';
import { formatSchedule, iso, jobName, mostRecentScheduleTime, nextScheduleDelay, parseSchedule, rfc3339In } from './schedule.js';
import { type CronJob, CRONJOB_API_VERSION, CRONJOB_KIND, CRONJOBS, type ObjectReference, SCHEDULED_TIMESTAMP_ANNOTATION } from './types.js';

export interface CronDeps {
  client: ResourceClient;
  recorder: Recorder;
  now(): number;
}

export interface SyncResult {
  cj: CronJob;
  /** Sync again after this many ms. */
  requeueAfterMs?: number;
  updateStatus: boolean;
}

const refOf = (cj: CronJob) => ownerObjectRef(cj, CRONJOB_KIND, CRONJOB_API_VERSION);
const inActive = (cj: CronJob, uid: string | undefined): boolean => (cj.status?.active ?? []).some((r) => r.uid === uid);

function removeActive(cj: CronJob, uid: string | undefined): void {
  const st = (cj.status ??= {});
  st.active = (st.active ?? []).filter((r) => r.uid !== uid);
}

export function finishedType(job: Job): 'Complete' | 'Failed' | undefined {
  if (findCondition(job, 'Complete')?.status === 'True') return 'Complete';
  if (findCondition(job, 'Failed')?.status === 'True') return 'Failed';
  return undefined;
}

export function jobRef(job: Job): ObjectReference {
  return { kind: 'Job', namespace: job.metadata?.namespace, name: job.metadata?.name, uid: job.metadata?.uid, apiVersion: 'batch/v1', resourceVersion: job.metadata?.resourceVersion };
}

/** Status.active against the owned Jobs: adds nothing, drops finished and vanished Jobs, tracks lastSuccessfulTime. */
async function reconcileActive(d: CronDeps, cj0: CronJob, jobs: Job[]): Promise<{ cj: CronJob; changed: boolean }> {
  let cj = cj0;
  let changed = false;
  const ns = String(cj.metadata?.namespace);
  for (const j of jobs) {
    const found = inActive(cj, j.metadata?.uid);
    if (!found && !isJobFinished(j)) {
      const fresh = await d.client.get<CronJob>(CRONJOBS, ns, String(cj.metadata?.name));
      if (inActive(fresh, j.metadata?.uid)) {
        cj = fresh;
        continue;
      }
      d.recorder.event(refOf(cj), 'Warning', 'UnexpectedJob', `Saw a job that the controller did not create or forgot: ${j.metadata?.name}`);
    } else if (found && isJobFinished(j)) {
      removeActive(cj, j.metadata?.uid);
      d.recorder.event(refOf(cj), 'Normal', 'SawCompletedJob', `Saw completed job: ${j.metadata?.name}, condition: ${finishedType(j)}`);
      changed = true;
    }
    if (finishedType(j) === 'Complete' && j.status?.completionTime) {
      const last = cj.status?.lastSuccessfulTime;
      if (!last || Date.parse(j.status.completionTime) > Date.parse(last)) {
        (cj.status ??= {}).lastSuccessfulTime = j.status.completionTime;
        changed = true;
      }
    }
  }
  const owned = new Set(jobs.map((j) => j.metadata?.uid));
  for (const r of [...(cj.status?.active ?? [])]) {
    if (owned.has(r.uid)) continue;
    // The cache may lag behind: ask the API server before dropping the reference.
    try {
      await d.client.get(JOBS, r.namespace ?? ns, String(r.name));
    } catch (e) {
      if (!isNotFound(e)) throw e;
      d.recorder.event(refOf(cj), 'Normal', 'MissingJob', `Active job went missing: ${r.name}`);
      removeActive(cj, r.uid);
      changed = true;
    }
  }
  return { cj, changed };
}

export function jobFromTemplate(cj: CronJob, scheduled: number): Job {
  const t = cj.spec?.jobTemplate ?? {};
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name: jobName(cj, scheduled),
      namespace: cj.metadata?.namespace,
      labels: { ...(t.metadata?.labels ?? {}) },
      annotations: { ...(t.metadata?.annotations ?? {}), [SCHEDULED_TIMESTAMP_ANNOTATION]: rfc3339In(scheduled, cj.spec?.timeZone) },
      ownerReferences: [newControllerRef(cj, CRONJOB_API_VERSION, CRONJOB_KIND)],
    },
    spec: structuredClone(t.spec ?? {}),
  };
}

/** Deletes a Job (background propagation) and drops it from status.active. */
export async function deleteJob(d: CronDeps, cj: CronJob, job: Job): Promise<boolean> {
  try {
    await d.client.delete(JOBS, String(job.metadata?.namespace), String(job.metadata?.name), { propagationPolicy: 'Background' });
  } catch (e) {
    if (!isNotFound(e)) {
      d.recorder.event(refOf(cj), 'Warning', 'FailedDelete', `Deleted job: ${(e as Error).message}`);
      return false;
    }
  }
  removeActive(cj, job.metadata?.uid);
  d.recorder.event(refOf(cj), 'Normal', 'SuccessfulDelete', `Deleted job ${job.metadata?.name}`);
  return true;
}

export async function syncCronJob(d: CronDeps, cached: CronJob, jobs: Job[]): Promise<SyncResult> {
  const now = d.now();
  const rec = await reconcileActive(d, structuredClone(cached), jobs);
  const cj = rec.cj;
  let updateStatus = rec.changed;
  const done = (requeueAfterMs?: number): SyncResult => ({ cj, requeueAfterMs, updateStatus });
  if (cj.metadata?.deletionTimestamp) return done();
  const tz = cj.spec?.timeZone;
  if (tz && !isKnownTimeZone(tz)) {
    d.recorder.event(refOf(cj), 'Warning', 'UnknownTimeZone', `invalid timeZone: ${JSON.stringify(tz)}: unknown time zone ${tz}`);
    return done();
  }
  if (cj.spec?.suspend) return done();
  const schedule = cj.spec?.schedule ?? '';
  if (schedule.includes('TZ')) {
    d.recorder.event(refOf(cj), 'Warning', 'UnsupportedSchedule', `CRON_TZ or TZ used in schedule ${JSON.stringify(schedule)} is not officially supported, see https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/ for more details`);
  }
  let sched;
  try {
    sched = parseSchedule(cj);
  } catch (e) {
    d.recorder.event(refOf(cj), 'Warning', 'UnparseableSchedule', `unparseable schedule: ${JSON.stringify(formatSchedule(cj))} : ${(e as Error).message}`);
    return done();
  }
  let recent;
  try {
    recent = mostRecentScheduleTime(cj, now, sched, true);
  } catch (e) {
    d.recorder.event(refOf(cj), 'Warning', 'InvalidSchedule', `invalid schedule: ${schedule} : ${(e as Error).message}`);
    return done();
  }
  const next = (): number | undefined => nextScheduleDelay(cj, now, sched);
  const scheduled = recent.mostRecent;
  if (scheduled === undefined || scheduled > now) return done(next());
  if (recent.missed > 100) {
    d.recorder.event(refOf(cj), 'Warning', 'TooManyMissedTimes', `too many missed start times: ${recent.missed}. Set or decrease .spec.startingDeadlineSeconds or check clock skew`);
  }
  const sds = cj.spec?.startingDeadlineSeconds;
  if (typeof sds === 'number' && scheduled + sds * 1000 < now) {
    d.recorder.event(refOf(cj), 'Warning', 'MissSchedule', `Missed scheduled time to start a job: ${new Date(scheduled).toUTCString().replace('GMT', '+0000')}`);
    return done(next());
  }
  const name = jobName(cj, scheduled);
  const last = cj.status?.lastScheduleTime;
  if ((cj.status?.active ?? []).some((r) => r.name === name) || (last && Date.parse(last) === scheduled)) return done(next());
  const policy = cj.spec?.concurrencyPolicy ?? 'Allow';
  if (policy === 'Forbid' && (cj.status?.active ?? []).length > 0) {
    d.recorder.event(refOf(cj), 'Normal', 'JobAlreadyActive', 'Not starting job because prior execution is running and concurrency policy is Forbid');
    return done(next());
  }
  if (policy === 'Replace') {
    for (const r of [...(cj.status?.active ?? [])]) {
      let job: Job;
      try {
        job = await d.client.get<Job>(JOBS, r.namespace ?? String(cj.metadata?.namespace), String(r.name));
      } catch (e) {
        d.recorder.event(refOf(cj), 'Warning', 'FailedGet', `Get job: ${(e as Error).message}`);
        throw e;
      }
      if (!(await deleteJob(d, cj, job))) throw new Error(`could not replace job ${job.metadata?.namespace}/${job.metadata?.name}`);
      updateStatus = true;
    }
  }
  let created: Job;
  try {
    created = await d.client.create<Job>(JOBS, String(cj.metadata?.namespace), jobFromTemplate(cj, scheduled));
    d.recorder.event(refOf(cj), 'Normal', 'SuccessfulCreate', `Created job ${created.metadata?.name}`);
  } catch (e) {
    if (!isAlreadyExists(e)) {
      d.recorder.event(refOf(cj), 'Warning', 'FailedCreate', `Error creating job: ${(e as Error).message}`);
      throw e;
    }
    // Made by an earlier sync (or someone else): adopt it into status only if it is ours and missing.
    created = await d.client.get<Job>(JOBS, String(cj.metadata?.namespace), name);
    if (!isControlledBy(created, cj) || inActive(cj, created.metadata?.uid)) return done();
  }
  const st = (cj.status ??= {});
  st.active = [...(st.active ?? []), jobRef(created)];
  st.lastScheduleTime = iso(scheduled);
  updateStatus = true;
  return done(next());
}
