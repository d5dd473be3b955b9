// successfulJobsHistoryLimit / failedJobsHistoryLimit (upstream
// cleanupFinishedJobs): the oldest finished Jobs beyond each limit are
// deleted, oldest start time first.
import type { CronDeps } from './sync.js';
import { deleteJob, finishedType } from './sync.js';
import type { CronJob, Job } from './types.js';

function byStartTime(a: Job, b: Job): number {
  const sa = a.status?.startTime;
  const sb = b.status?.startTime;
  if (!sa && sb) return 1;
  if (sa && !sb) return -1;
  const d = (Date.parse(sa ?? '') || 0) - (Date.parse(sb ?? '') || 0);
  if (d !== 0) return d;
  return String(a.metadata?.name) < String(b.metadata?.name) ? -1 : 1;
}

async function removeOldest(d: CronDeps, cj: CronJob, jobs: Job[], limit: number): Promise<boolean> {
  const extra = jobs.length - limit;
  if (extra <= 0) return false;
  let changed = false;
  for (const j of [...jobs].sort(byStartTime).slice(0, extra)) if (await deleteJob(d, cj, j)) changed = true;
  return changed;
}

/** Returns whether status changed (a deleted Job left status.active). */
export async function cleanupFinishedJobs(d: CronDeps, cj: CronJob, jobs: Job[]): Promise<boolean> {
  const okLimit = cj.spec?.successfulJobsHistoryLimit;
  const failLimit = cj.spec?.failedJobsHistoryLimit;
  if (typeof okLimit !== 'number' && typeof failLimit !== 'number') return false;
  const ok = jobs.filter((j) => finishedType(j) === 'Complete');
  const failed = jobs.filter((j) => finishedType(j) === 'Failed');
  let changed = false;
  if (typeof okLimit === 'number' && (await removeOldest(d, cj, ok, okLimit))) changed = true;
  if (typeof failLimit === 'number' && (await removeOldest(d, cj, failed, failLimit))) changed = true;
  return changed;
}
