// The batch/v1 CronJob shape the CronJob controller reads and writes.
import type { KubeObject } from '../../apiserver/types.js';
import type { Job, JobSpec } from '../job/types.js';

export const CRONJOBS = { group: 'batch', version: 'v1', resource: 'cronjobs' };
export const CRONJOB_KIND = 'CronJob';
export const CRONJOB_API_VERSION = 'batch/v1';
export const SCHEDULED_TIMESTAMP_ANNOTATION = 'batch.kubernetes.io/cronjob-scheduled-timestamp';

export interface ObjectReference {
  kind?: string;
  apiVersion?: string;
  namespace?: string;
  name?: string;
  uid?: string;
  resourceVersion?: string;
}

export interface CronJobSpec {
  schedule: string;
  timeZone?: string | null;
  startingDeadlineSeconds?: number | null;
  concurrencyPolicy?: 'Allow' | 'Forbid' | 'Replace';
  suspend?: boolean;
  jobTemplate?: { metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> }; spec?: JobSpec };
  successfulJobsHistoryLimit?: number | null;
  failedJobsHistoryLimit?: number | null;
}

export interface CronJobStatus {
  active?: ObjectReference[];
  lastScheduleTime?: string;
  lastSuccessfulTime?: string;
}

export type CronJob = KubeObject & { spec?: CronJobSpec; status?: CronJobStatus };
export type { Job };
