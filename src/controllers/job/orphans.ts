// Tracking finalizers the Job sync will never remove (upstream
// cleanupPodFinalizers/syncOrphanPod): pods whose Job is gone or finished,
// or that no Job controls, lose the finalizer so they can be deleted.
import { isNotFound } from '../../client/errors.js';
import { controllerOf } from '../controller-ref.js';
import type { JobDeps } from './context.js';
import { removeTrackingFinalizer } from './manage.js';
import { hasTrackingFinalizer } from './pods.js';
import { isJobFinished, type Job, JOB_API_VERSION, JOB_KIND, type Pod } from './types.js';

/** The Job's pods that still carry the tracking finalizer. */
export function podsToRelease(d: JobDeps, job: Job): Pod[] {
  return d.pods.byIndex('namespace', job.metadata?.namespace ?? '').filter((p) => hasTrackingFinalizer(p) && controllerOf(p)?.uid === job.metadata?.uid);
}

/** Removes the finalizer of pod `key` unless a live, unfinished Job (or another kind of owner) controls it. */
export async function releaseOrphanPod(d: JobDeps, key: string, resolve: (p: Pod) => Job | undefined): Promise<void> {
  const pod = d.pods.get(key);
  if (!pod || !hasTrackingFinalizer(pod)) return;
  const ref = controllerOf(pod);
  if (ref) {
    if (ref.kind !== JOB_KIND || ref.apiVersion !== JOB_API_VERSION) return;
    const job = resolve(pod);
    if (job && !isJobFinished(job)) return;
  }
  try {
    await removeTrackingFinalizer(d, pod);
  } catch (e) {
    if (!isNotFound(e)) throw e;
  }
}
