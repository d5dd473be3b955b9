// manageJob (upstream): keep the number of active pods at what the Job wants
// — parallelism, bounded by the completions still missing — creating pods in
// slow-start batches after the failure back-off, deleting surplus (or all,
// when suspended) pods; one of the two per sync.
import { isNotFound } from '../../client/errors.js';
import { PODS } from '../../client/gvr.js';
import { slowStartBatch } from '../expectations.js';
import { newControllerRef } from '../controller-ref.js';
import { podFromTemplate, type PodTemplate } from '../pod-control.js';
import { remainingBackoff } from './backoff.js';
import type { JobDeps, SyncCtx } from './context.js';
import { addCompletionIndexEnv, firstPendingIndexes, templateForIndex } from './indexes.js';
import { activePodsForRemoval, hasTrackingFinalizer, isReady } from './pods.js';
import { isIndexed, isSuspended, type Job, JOB_API_VERSION, JOB_KIND, JOB_TRACKING_FINALIZER, onlyReplaceFailedPods, type Pod } from './types.js';

/** Upstream MaxPodCreateDeletePerSync. */
export const MAX_POD_CREATE_DELETE_PER_SYNC = 500;

/** Removes the tracking finalizer (JSON patch guarded by a test of the entry), tolerating a vanished pod. */
export async function removeTrackingFinalizer(d: JobDeps, pod: Pod): Promise<void> {
  const ns = String(pod.metadata?.namespace);
  const name = String(pod.metadata?.name);
  let current: Pod | undefined = pod;
  for (let attempt = 0; attempt < 3 && current; attempt++) {
    const i = (current.metadata?.finalizers ?? []).indexOf(JOB_TRACKING_FINALIZER);
    if (i < 0) return;
    const path = `/metadata/finalizers/${i}`;
    try {
      await d.client.patch(PODS, ns, name, 'json', [
        { op: 'test', path, value: JOB_TRACKING_FINALIZER },
        { op: 'remove', path },
      ]);
      return;
    } catch (e) {
      if (isNotFound(e)) return;
      if (attempt === 2) throw e;
      try {
        current = await d.client.get<Pod>(PODS, ns, name);
      } catch (ge) {
        if (isNotFound(ge)) return;
        throw ge;
      }
    }
  }
}

/**
 * Deletes pods. `removeFinalizers`: first drop their tracking finalizer, so
 * they are not counted (upstream deleteJobPods); without it they keep it and
 * count as failed (upstream deleteActivePods).
 */
async function deletePods(d: JobDeps, c: SyncCtx, pods: Pod[], removeFinalizers: boolean): Promise<{ deleted: number; deletedReady: number; error?: Error }> {
  let deleted = 0;
  let deletedReady = 0;
  let error: Error | undefined;
  await Promise.all(
    pods.map(async (p) => {
      try {
        if (removeFinalizers && hasTrackingFinalizer(p)) await removeTrackingFinalizer(d, p);
        await d.podControl.deletePod(String(p.metadata?.namespace), String(p.metadata?.name), c.job, JOB_KIND, JOB_API_VERSION);
      } catch (e) {
        if (removeFinalizers) d.expectations.deletionObserved(c.key);
        if (!isNotFound(e)) {
          error ??= e as Error;
          return;
        }
      }
      deleted++;
      if (isReady(p)) deletedReady++;
    }),
  );
  return { deleted, deletedReady, error };
}

const deleteJobPods = (d: JobDeps, c: SyncCtx, pods: Pod[]) => deletePods(d, c, pods, true);

/** Deletes active pods keeping their finalizers, so they are counted as failed (upstream deleteActivePods). */
export function deleteActivePods(d: JobDeps, c: SyncCtx): Promise<{ deleted: number; deletedReady: number; error?: Error }> {
  return deletePods(d, c, c.activePods, false);
}

function wantedActive(job: Job, c: SyncCtx): number {
  const parallelism = job.spec?.parallelism ?? 1;
  const completions = job.spec?.completions;
  if (completions === undefined || completions === null) return c.succeeded > 0 ? c.activePods.length : parallelism;
  return Math.max(0, Math.min(completions - c.succeeded, parallelism));
}

/** Creates or deletes pods; updates c.active/ready/terminating. Returns the first error. */
export async function manageJob(d: JobDeps, c: SyncCtx): Promise<Error | undefined> {
  const job = c.job;
  const removeActive = async (toDelete: Pod[]): Promise<Error | undefined> => {
    d.expectations.expectDeletions(c.key, toDelete.length);
    const r = await deleteJobPods(d, c, toDelete);
    c.active -= r.deleted;
    c.terminating += r.deleted;
    c.ready -= r.deletedReady;
    return r.error;
  };
  if (isSuspended(job)) return removeActive(activePodsForRemoval(job, c.activePods, c.activePods.length));
  const want = wantedActive(job, c);
  const toDelete = activePodsForRemoval(job, c.activePods, Math.max(0, c.active - want)).slice(0, MAX_POD_CREATE_DELETE_PER_SYNC);
  if (toDelete.length > 0) return removeActive(toDelete);
  const terminating = onlyReplaceFailedPods(job) ? c.terminating : 0;
  let diff = want - terminating - c.active;
  if (diff <= 0) return undefined;
  const wait = remainingBackoff(c.newBackoff, d.backoffTimes, d.now());
  if (wait > 0) {
    d.enqueueAfter(c.key, Math.max(wait, d.batchPeriodMs));
    return undefined;
  }
  diff = Math.min(diff, MAX_POD_CREATE_DELETE_PER_SYNC);
  let indexes: number[] = [];
  if (isIndexed(job)) {
    indexes = firstPendingIndexes(job.spec?.completions ?? 0, c.succeededIndexes, c.activePods, diff);
    diff = indexes.length;
    if (diff === 0) return undefined;
  }
  return createPods(d, c, diff, indexes);
}

async function createPods(d: JobDeps, c: SyncCtx, count: number, indexes: number[]): Promise<Error | undefined> {
  const job = c.job;
  const name = String(job.metadata?.name);
  d.expectations.expectCreations(c.key, count);
  c.active += count;
  const template = structuredClone(job.spec?.template ?? {}) as PodTemplate;
  if (isIndexed(job)) addCompletionIndexEnv(template);
  const md = (template.metadata ??= {});
  if (!(md.finalizers ?? []).includes(JOB_TRACKING_FINALIZER)) md.finalizers = [...(md.finalizers ?? []), JOB_TRACKING_FINALIZER];
  const ref = newControllerRef(job, JOB_API_VERSION, JOB_KIND);
  let attempted = 0;
  const { error } = await slowStartBatch(count, 1, async (i) => {
    attempted++;
    const ix = indexes[i];
    const t = ix === undefined ? template : templateForIndex(template, name, ix);
    const pod = podFromTemplate(t, job, ref, ix === undefined ? {} : { generateName: `${name}-${ix}-` });
    try {
      await d.podControl.createPod(pod, job, JOB_KIND, JOB_API_VERSION);
    } catch (e) {
      d.expectations.creationObserved(c.key);
      c.active--;
      throw e;
    }
  });
  // Pods never attempted after a failed batch are not expected either.
  for (let i = attempted; i < count; i++) {
    d.expectations.creationObserved(c.key);
    c.active--;
  }
  return error;
}
