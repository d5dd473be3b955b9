// The pods a Job controls (upstream getPodsForJob): every pod of the
// namespace that names the Job as controller and still matches its
// selector, plus matching orphans, which are adopted and given the tracking
// finalizer.
import { labelSelectorAsSelector } from '../../apiserver/kinds/apps/selector.js';
import { isConflict, isNotFound } from '../../client/errors.js';
import { PODS } from '../../client/gvr.js';
import { claimObjects, controllerOf } from '../controller-ref.js';
import type { JobDeps } from './context.js';
import { hasTrackingFinalizer } from './pods.js';
import { type Job, JOB_API_VERSION, JOB_KIND, JOB_TRACKING_FINALIZER, JOBS, type Pod } from './types.js';

export async function podsForJob(d: JobDeps, job: Job): Promise<Pod[]> {
  const ns = String(job.metadata?.namespace);
  const selector = labelSelectorAsSelector(job.spec?.selector);
  const candidates = d.pods.byIndex('namespace', ns);
  const orphans = new Set(candidates.filter((p) => !controllerOf(p)).map((p) => p.metadata?.uid));
  const claimed = await claimObjects<Pod>(candidates, {
    client: d.client,
    gvr: PODS,
    owner: job,
    ownerApiVersion: JOB_API_VERSION,
    ownerKind: JOB_KIND,
    matches: (p) => !!selector?.matches(p.metadata?.labels),
    canAdopt: async () => {
      const fresh = await d.client.get<Job>(JOBS, ns, String(job.metadata?.name));
      return fresh.metadata?.uid === job.metadata?.uid && !fresh.metadata?.deletionTimestamp;
    },
  });
  const out: Pod[] = [];
  for (const p of claimed) {
    if (orphans.has(p.metadata?.uid) && !hasTrackingFinalizer(p)) out.push((await addTrackingFinalizer(d, p)) ?? p);
    else out.push(p);
  }
  return out;
}

async function addTrackingFinalizer(d: JobDeps, p: Pod): Promise<Pod | undefined> {
  const finalizers = [...(p.metadata?.finalizers ?? []), JOB_TRACKING_FINALIZER];
  try {
    return await d.client.patch<Pod>(PODS, String(p.metadata?.namespace), String(p.metadata?.name), 'merge', {
      metadata: { resourceVersion: p.metadata?.resourceVersion, finalizers },
    });
  } catch (e) {
    if (isNotFound(e) || isConflict(e)) return undefined;
    throw e;
  }
}
