// trackJobStatusAndRemoveFinalizers (upstream): finished pods still holding
// the tracking finalizer go into status.uncountedTerminatedPods (written
// first), then lose the finalizer, then move from the uncounted lists into
// succeeded/failed. The terminal condition (Complete/Failed) is set only
// once nothing is uncounted and no pod is terminating; the interim
// SuccessCriteriaMet/FailureTarget conditions are recorded before.
import { ownerObjectRef } from '../pod-control.js';
import type { JobDeps, SyncCtx } from './context.js';
import { matchPodFailurePolicy } from './failure-policy.js';
import { formatIndexes } from './indexes.js';
import { removeTrackingFinalizer } from './manage.js';
import { completionIndex, hasTrackingFinalizer, isPodFailed } from './pods.js';
import { ensureCondition, findCondition, isIndexed, type Job, JOB_API_VERSION, JOB_KIND, JOBS, newCondition, type Pod } from './types.js';

/** Upstream MaxUncountedPods. */
export const MAX_UNCOUNTED_PODS = 500;

/** Moves uncounted UIDs whose pods lost their finalizer into the counters; true when anything moved. */
function cleanUncounted(job: Job, withFinalizer: Set<string>): boolean {
  const st = (job.status ??= {});
  const u = (st.uncountedTerminatedPods ??= {});
  let changed = false;
  const keepS = (u.succeeded ?? []).filter((x) => withFinalizer.has(x));
  if (keepS.length !== (u.succeeded ?? []).length) {
    st.succeeded = (st.succeeded ?? 0) + (u.succeeded ?? []).length - keepS.length;
    u.succeeded = keepS;
    changed = true;
  }
  const keepF = (u.failed ?? []).filter((x) => withFinalizer.has(x));
  if (keepF.length !== (u.failed ?? []).length) {
    st.failed = (st.failed ?? 0) + (u.failed ?? []).length - keepF.length;
    u.failed = keepF;
    changed = true;
  }
  return changed;
}

async function updateStatus(d: JobDeps, c: SyncCtx): Promise<void> {
  const job = c.job;
  const u = job.status?.uncountedTerminatedPods;
  if (u && !(u.succeeded ?? []).length && !(u.failed ?? []).length) job.status!.uncountedTerminatedPods = {};
  const updated = await d.client.update<Job>(JOBS, String(job.metadata?.namespace), job, { subresource: 'status' });
  c.job = updated;
}

function canRemoveFinalizer(c: SyncCtx, pod: Pod, consideredFailed: boolean): boolean {
  return !!c.job.metadata?.deletionTimestamp || !!c.finished || pod.status?.phase === 'Succeeded' || consideredFailed;
}

export async function trackJobStatus(d: JobDeps, c: SyncCtx, needsFlushIn: boolean): Promise<void> {
  let needsFlush = needsFlushIn;
  const job = c.job;
  const indexed = isIndexed(job);
  const completions = job.spec?.completions ?? 0;
  const pods = indexed ? [...c.pods].sort((a, b) => completionIndex(a) - completionIndex(b)) : c.pods;
  const withFinalizer = new Set<string>();
  for (const p of pods) if (hasTrackingFinalizer(p) && !c.expectedRmFinalizers.has(String(p.metadata?.uid))) withFinalizer.add(String(p.metadata?.uid));
  if (cleanUncounted(job, withFinalizer)) needsFlush = true;
  const uncounted = job.status!.uncountedTerminatedPods!;
  uncounted.succeeded ??= [];
  uncounted.failed ??= [];
  const toRemove: Pod[] = [];
  const newIndexes: number[] = [];
  let reachedMax = false;
  for (const pod of pods) {
    const uid = String(pod.metadata?.uid);
    if (!hasTrackingFinalizer(pod) || c.expectedRmFinalizers.has(uid)) continue;
    const failed = isPodFailed(pod, job);
    if (!canRemoveFinalizer(c, pod, failed)) continue;
    toRemove.push(pod);
    const ix = completionIndex(pod);
    const validIx = ix >= 0 && ix < completions;
    if (pod.status?.phase === 'Succeeded' && !c.uncountedFailed.has(uid)) {
      if (indexed) {
        if (validIx && !c.prevSucceededIndexes.has(ix)) {
          newIndexes.push(ix);
          needsFlush = true;
        }
      } else if (!c.uncountedSucceeded.has(uid)) {
        uncounted.succeeded.push(uid);
        needsFlush = true;
      }
    } else if (failed || (c.finished && c.finished.type !== 'SuccessCriteriaMet')) {
      // Once the Job is finishing, every pod that did not succeed counts as failed.
      if (!c.uncountedFailed.has(uid) && (!indexed || validIx)) {
        if (!job.spec?.podFailurePolicy || matchPodFailurePolicy(job, pod).countFailed) {
          uncounted.failed.push(uid);
          needsFlush = true;
        }
      }
    }
    if (newIndexes.length + uncounted.succeeded.length + uncounted.failed.length >= MAX_UNCOUNTED_PODS) {
      reachedMax = true;
      break;
    }
  }
  if (indexed) {
    for (const ix of newIndexes) c.succeededIndexes.add(ix);
    const text = formatIndexes(c.succeededIndexes);
    if (text !== (job.status!.completedIndexes ?? '')) needsFlush = true;
    job.status!.completedIndexes = text;
    job.status!.succeeded = c.succeededIndexes.size;
  }
  const now = d.now();
  if (c.finished?.type === 'FailureTarget') {
    job.status!.conditions = [...(job.status!.conditions ?? []), c.finished];
    needsFlush = true;
    c.finished = newCondition('Failed', 'True', c.finished.reason ?? '', c.finished.message ?? '', now);
  }
  if (c.finished?.type === 'SuccessCriteriaMet') {
    if (!findCondition(job, 'SuccessCriteriaMet')) {
      job.status!.conditions = [...(job.status!.conditions ?? []), c.finished];
      needsFlush = true;
    }
    c.finished = newCondition('Complete', 'True', c.finished.reason ?? '', c.finished.message ?? '', now);
  }
  // Flush the uncounted UIDs before removing finalizers, so no finished pod is lost.
  if (needsFlush) {
    await updateStatus(d, c);
    d.backoff.set(c.key, c.newBackoff);
    needsFlush = false;
  }
  let rmError: Error | undefined;
  if (toRemove.length) {
    d.finalizers.expectRemoved(c.key, toRemove.map((p) => String(p.metadata?.uid)));
    await Promise.all(
      toRemove.map(async (p) => {
        const uid = String(p.metadata?.uid);
        try {
          await removeTrackingFinalizer(d, p);
          withFinalizer.delete(uid);
        } catch (e) {
          d.finalizers.observed(c.key, uid);
          rmError ??= e as Error;
        }
      }),
    );
  }
  if (cleanUncounted(c.job, withFinalizer)) needsFlush = true;
  if (rmError) {
    if (needsFlush) await updateStatus(d, c);
    throw rmError;
  }
  const finished = !reachedMax && enactFinished(d, c);
  if (finished || needsFlush) {
    await updateStatus(d, c);
    if (finished) recordFinished(d, c.job, c.finished!);
  }
}

/** Sets the terminal condition once nothing is uncounted or terminating. */
function enactFinished(d: JobDeps, c: SyncCtx): boolean {
  const cond = c.finished;
  if (!cond) return false;
  const u = c.job.status?.uncountedTerminatedPods;
  if ((u?.succeeded?.length ?? 0) + (u?.failed?.length ?? 0) > 0) return false;
  if (c.terminating > 0) return false;
  ensureCondition(c.job, cond.type, cond.status, cond.reason ?? '', cond.message ?? '', d.now());
  if (cond.type === 'Complete') c.job.status!.completionTime = findCondition(c.job, 'Complete')?.lastTransitionTime;
  return true;
}

function recordFinished(d: JobDeps, job: Job, cond: { type: string; reason?: string; message?: string }): void {
  const ref = ownerObjectRef(job, JOB_KIND, JOB_API_VERSION);
  if (cond.type === 'Complete') {
    const completions = job.spec?.completions;
    if (typeof completions === 'number' && (job.status?.succeeded ?? 0) > completions) {
      d.recorder.event(ref, 'Warning', 'TooManySucceededPods', 'Too many succeeded pods running after completion count reached');
    }
    d.recorder.event(ref, 'Normal', 'Completed', 'Job completed');
  } else {
    d.recorder.event(ref, 'Warning', cond.reason ?? 'Failed', cond.message ?? '');
  }
}
