// batch/v1 tables: Job (STATUS COMPLETIONS DURATION AGE, as of 1.31+) and CronJob.
import type { KubeObject, TablePrinter } from '../types.js';
import { docs } from './descriptions.js';
import {
  age, ageColumn, arr, at, boolPtr, col, containerCells, CONTAINERS_DOC, formatLabelSelector, humanDuration, IMAGES_DOC,
  nameColumn, nameOf, num, parseTime, rec, since, str,
} from './util.js';

/** hasJobCondition: the first condition of the type decides. */
function hasJobCondition(job: KubeObject, type: string): boolean {
  const c = arr(rec(job.status).conditions).map(rec).find((x) => x.type === type);
  return c !== undefined && c.status === 'True';
}

export function jobStatus(job: KubeObject): string {
  if (hasJobCondition(job, 'Complete')) return 'Complete';
  if (hasJobCondition(job, 'Failed')) return 'Failed';
  if (job.metadata?.deletionTimestamp) return 'Terminating';
  if (hasJobCondition(job, 'Suspended')) return 'Suspended';
  if (hasJobCondition(job, 'FailureTarget')) return 'FailureTarget';
  return 'Running';
}

export function jobCompletions(job: KubeObject): string {
  const spec = rec(job.spec);
  const succeeded = num(rec(job.status).succeeded);
  if (typeof spec.completions === 'number') return `${succeeded}/${spec.completions}`;
  const parallelism = num(spec.parallelism);
  return parallelism > 1 ? `${succeeded}/1 of ${parallelism}` : `${succeeded}/1`;
}

export function jobDuration(job: KubeObject, now: Date): string {
  const status = rec(job.status);
  const start = parseTime(status.startTime);
  if (start === undefined) return '';
  const end = parseTime(status.completionTime);
  return humanDuration((end ?? now.getTime()) - start);
}

export const jobPrinter: TablePrinter = {
  columns: [
    nameColumn(),
    col('Status', 'string', 'Status of the job.'),
    col('Completions', 'string', docs['JobStatus.succeeded']),
    col('Duration', 'string', 'Time required to complete the job.'),
    ageColumn(),
    col('Containers', 'string', CONTAINERS_DOC, 1),
    col('Images', 'string', IMAGES_DOC, 1),
    col('Selector', 'string', docs['JobSpec.selector'], 1),
  ],
  cells(o, now) {
    const [names, images] = containerCells(at(o, 'spec', 'template', 'spec', 'containers'));
    return [
      nameOf(o), jobStatus(o), jobCompletions(o), jobDuration(o, now), age(o, now),
      names, images, formatLabelSelector(at(o, 'spec', 'selector')),
    ];
  },
};

export const cronJobPrinter: TablePrinter = {
  columns: [
    nameColumn(),
    col('Schedule', 'string', docs['CronJobSpec.schedule']),
    col('Timezone', 'string', docs['CronJobSpec.timeZone']),
    col('Suspend', 'boolean', docs['CronJobSpec.suspend']),
    col('Active', 'integer', docs['CronJobStatus.active']),
    col('Last Schedule', 'string', docs['CronJobStatus.lastScheduleTime']),
    ageColumn(),
    col('Containers', 'string', CONTAINERS_DOC, 1),
    col('Images', 'string', IMAGES_DOC, 1),
    col('Selector', 'string', docs['JobSpec.selector'], 1),
  ],
  cells(o, now) {
    const spec = rec(o.spec);
    const status = rec(o.status);
    const last = status.lastScheduleTime !== undefined && status.lastScheduleTime !== null ? since(status.lastScheduleTime, now) : '<none>';
    const timeZone = typeof spec.timeZone === 'string' ? spec.timeZone : '<none>';
    const jobSpec = at(spec, 'jobTemplate', 'spec');
    const [names, images] = containerCells(at(jobSpec, 'template', 'spec', 'containers'));
    return [
      nameOf(o), str(spec.schedule), timeZone, boolPtr(spec.suspend), arr(status.active).length, last, age(o, now),
      names, images, formatLabelSelector(at(jobSpec, 'selector')),
    ];
  },
};
