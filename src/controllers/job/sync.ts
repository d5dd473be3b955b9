// syncJob (upstream): count the Job's pods, decide whether it has finished
// (success, backoffLimit, activeDeadlineSeconds, podFailurePolicy FailJob),
// otherwise create/delete pods and keep the Suspended condition, then track
// the status through the pods' finalizers.
import { ownerObjectRef } from '../pod-control.js';
import { nextBackoffRecord } from './backoff.js';
import { podsForJob } from './claim.js';
import type { JobDeps, SyncCtx } from './context.js';
import { matchPodFailurePolicy } from './failure-policy.js';
import { succeededIndexes } from './indexes.js';
import { deleteActivePods, manageJob } from './manage.js';
import { completionIndex, hasTrackingFinalizer, isActive, isPodFailed, isReady, isTerminating } from './pods.js';
import { trackJobStatus } from './track.js';
import {
  ensureCondition,
  findCondition,
  isIndexed,
  isJobFinished,
  isSuspended,
  iso,
  type Job,
  JOB_API_VERSION,
  JOB_KIND,
  newCondition,
  type Pod,
} from './types.js';

export const JOB_CONTROLLER_NAME = 'kubernetes.io/job-controller';

/** Finished pods not yet counted: they hold the finalizer, are not in the uncounted list, and (Indexed) have a valid index. */
function newlyFinished(c: SyncCtx, uncounted: Set<string>, match: (p: Pod) => boolean): Pod[] {
  const completions = c.job.spec?.completions ?? 0;
  return c.pods.filter((p) => {
    const uid = String(p.metadata?.uid);
    if (!hasTrackingFinalizer(p) || uncounted.has(uid) || c.expectedRmFinalizers.has(uid)) return false;
    if (isIndexed(c.job)) {
      const ix = completionIndex(p);
      if (ix < 0 || ix >= completions) return false;
    }
    return match(p);
  });
}

function restartsExceedBackoff(job: Job, pods: Pod[]): boolean {
  if ((job.spec?.template?.spec as { restartPolicy?: string } | undefined)?.restartPolicy !== 'OnFailure') return false;
  let n = 0;
  for (const p of pods) {
    if (p.status?.phase !== 'Running' && p.status?.phase !== 'Pending') continue;
    for (const s of [...(p.status.initContainerStatuses ?? []), ...(p.status.containerStatuses ?? [])]) n += s.restartCount ?? 0;
  }
  const limit = job.spec?.backoffLimit ?? 6;
  return limit === 0 ? n > 0 : n >= limit;
}

function failJobMessage(job: Job, pods: Pod[]): string | undefined {
  if (!job.spec?.podFailurePolicy) return undefined;
  for (const p of pods) {
    if (!isPodFailed(p, job)) continue;
    const m = matchPodFailurePolicy(job, p).failJobMessage;
    if (m) return m;
  }
  return undefined;
}

export async function syncJob(d: JobDeps, key: string): Promise<void> {
  const cached = d.jobs.get(key);
  if (!cached) {
    d.expectations.delete(key);
    d.finalizers.delete(key);
    d.backoff.remove(key);
    return;
  }
  const managedBy = cached.spec?.managedBy;
  if (managedBy && managedBy !== JOB_CONTROLLER_NAME) return;
  if (isJobFinished(cached)) {
    d.backoff.remove(key);
    return;
  }
  const mode = cached.spec?.completionMode;
  if (mode && mode !== 'NonIndexed' && mode !== 'Indexed') {
    d.recorder.event(ownerObjectRef(cached, JOB_KIND, JOB_API_VERSION), 'Warning', 'UnknownCompletionMode', 'Skipped Job sync because completion mode is unknown');
    return;
  }
  const job = structuredClone(cached);
  const status = (job.status ??= {});
  const uncounted = (status.uncountedTerminatedPods ??= {});
  const now = d.now();
  // Expectations first: a pod arriving after this check only defers work to the next sync.
  const satisfied = d.expectations.satisfied(key);
  const pods = await podsForJob(d, job);
  const activePods = pods.filter(isActive);
  const c: SyncCtx = {
    key,
    job,
    pods,
    activePods,
    active: activePods.length,
    ready: activePods.filter(isReady).length,
    terminating: pods.filter(isTerminating).length,
    succeeded: 0,
    failed: 0,
    uncountedSucceeded: new Set(uncounted.succeeded ?? []),
    uncountedFailed: new Set(uncounted.failed ?? []),
    expectedRmFinalizers: d.finalizers.expected(key),
    newBackoff: { failuresAfterLastSuccess: 0 },
    prevSucceededIndexes: new Set(),
    succeededIndexes: new Set(),
  };
  const newSucceeded = newlyFinished(c, c.uncountedSucceeded, (p) => p.status?.phase === 'Succeeded');
  const newFailed = newlyFinished(c, c.uncountedFailed, (p) => isPodFailed(p, job));
  const counted = job.spec?.podFailurePolicy ? newFailed.filter((p) => matchPodFailurePolicy(job, p).countFailed) : newFailed;
  c.succeeded = (status.succeeded ?? 0) + newSucceeded.length + c.uncountedSucceeded.size;
  c.failed = (status.failed ?? 0) + counted.length + c.uncountedFailed.size;
  if (!status.startTime && !isSuspended(job)) status.startTime = iso(now);
  c.newBackoff = nextBackoffRecord(d.backoff.get(key), newSucceeded, newFailed, now);

  const met = findCondition(job, 'SuccessCriteriaMet');
  if (met?.status === 'True') c.finished = met;
  if (!c.finished) {
    const target = findCondition(job, 'FailureTarget');
    const failMsg = target?.status === 'True' ? undefined : failJobMessage(job, pods);
    if (target?.status === 'True') c.finished = newCondition('Failed', 'True', target.reason ?? '', target.message ?? '', now);
    else if (failMsg) c.finished = newCondition('FailureTarget', 'True', 'PodFailurePolicy', failMsg, now);
  }
  if (!c.finished) {
    const deadline = job.spec?.activeDeadlineSeconds;
    const elapsed = status.startTime ? now - Date.parse(status.startTime) : 0;
    if (c.failed > (job.spec?.backoffLimit ?? 6) || restartsExceedBackoff(job, pods)) {
      c.finished = newCondition('FailureTarget', 'True', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit', now);
    } else if (typeof deadline === 'number' && status.startTime && !isSuspended(job) && elapsed >= deadline * 1000) {
      c.finished = newCondition('FailureTarget', 'True', 'DeadlineExceeded', 'Job was active longer than specified deadline', now);
    } else if (typeof deadline === 'number' && !isSuspended(job)) {
      d.enqueueAfter(key, deadline * 1000 - elapsed);
    }
  }
  if (isIndexed(job)) {
    const { prev, all } = succeededIndexes(job, pods);
    c.prevSucceededIndexes = prev;
    c.succeededIndexes = all;
    c.succeeded = all.size;
  }

  let manageError: Error | undefined;
  let suspendChanged = false;
  if (c.finished) {
    const r = await deleteActivePods(d, c);
    // Not finished while pods may still be unseen or undeleted.
    if (r.deleted !== c.active || !satisfied) c.finished = undefined;
    c.active -= r.deleted;
    c.terminating += r.deleted;
    c.ready -= r.deletedReady;
    manageError = r.error;
  } else {
    let managed = false;
    if (satisfied && !job.metadata?.deletionTimestamp) {
      manageError = await manageJob(d, c);
      managed = true;
    }
    const completions = job.spec?.completions;
    const complete = typeof completions === 'number' ? c.succeeded >= completions && c.active === 0 : c.succeeded > 0 && c.active === 0;
    if (complete) {
      c.finished = newCondition('SuccessCriteriaMet', 'True', 'CompletionsReached', 'Reached expected number of succeeded pods', now);
    } else if (managed) {
      suspendChanged = updateSuspended(d, c, now);
    }
  }
  const needsUpdate = suspendChanged || c.active !== (status.active ?? 0) || c.ready !== status.ready || c.terminating !== status.terminating;
  status.active = c.active;
  status.ready = c.ready;
  status.terminating = c.terminating;
  await trackJobStatus(d, c, needsUpdate);
  if (manageError) throw manageError;
}

/** Suspended=True while spec.suspend, False (with a fresh startTime) once resumed. */
function updateSuspended(d: JobDeps, c: SyncCtx, now: number): boolean {
  const ref = () => ownerObjectRef(c.job, JOB_KIND, JOB_API_VERSION);
  if (isSuspended(c.job)) {
    if (!ensureCondition(c.job, 'Suspended', 'True', 'JobSuspended', 'Job suspended', now)) return false;
    d.recorder.event(ref(), 'Normal', 'Suspended', 'Job suspended');
    return true;
  }
  if (!ensureCondition(c.job, 'Suspended', 'False', 'JobResumed', 'Job resumed', now)) return false;
  d.recorder.event(ref(), 'Normal', 'Resumed', 'Job resumed');
  // activeDeadlineSeconds counts continuous activity: it restarts on resume.
  c.job.status!.startTime = iso(now);
  return true;
}
