// The batch/v1 Job and core/v1 Pod shapes the Job controller reads, and the
// names upstream gives to its labels, annotations, finalizer and conditions.
import type { KubeObject } from '../../apiserver/types.js';
import type { PodTemplate } from '../pod-control.js';
import { timestamp } from '../../apiserver/registry/meta.js';

export const JOBS = { group: 'batch', version: 'v1', resource: 'jobs' };
export const JOB_API_VERSION = 'batch/v1';
export const JOB_KIND = 'Job';

export const JOB_TRACKING_FINALIZER = 'batch.kubernetes.io/job-tracking';
export const COMPLETION_INDEX_ANNOTATION = 'batch.kubernetes.io/job-completion-index';
export const JOB_COMPLETION_INDEX_ENV = 'JOB_COMPLETION_INDEX';

export interface JobCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastProbeTime?: string;
  lastTransitionTime?: string;
}

export interface PodFailurePolicyRule {
  action: 'FailJob' | 'Ignore' | 'Count' | 'FailIndex';
  onExitCodes?: { containerName?: string; operator: 'In' | 'NotIn'; values: number[] };
  onPodConditions?: Array<{ type: string; status?: string }>;
}

export interface JobSpec {
  parallelism?: number;
  completions?: number | null;
  activeDeadlineSeconds?: number | null;
  backoffLimit?: number;
  selector?: unknown;
  template?: PodTemplate;
  ttlSecondsAfterFinished?: number | null;
  completionMode?: string;
  suspend?: boolean;
  podFailurePolicy?: { rules?: PodFailurePolicyRule[] } | null;
  podReplacementPolicy?: string;
  managedBy?: string;
}

export interface JobStatus {
  conditions?: JobCondition[];
  startTime?: string;
  completionTime?: string;
  active?: number;
  succeeded?: number;
  failed?: number;
  terminating?: number;
  ready?: number;
  completedIndexes?: string;
  uncountedTerminatedPods?: { succeeded?: string[]; failed?: string[] };
}

export type Job = KubeObject & { spec?: JobSpec; status?: JobStatus };

export interface ContainerStatus {
  name: string;
  restartCount?: number;
  state?: { terminated?: { exitCode?: number; finishedAt?: string }; running?: unknown; waiting?: unknown };
  lastState?: { terminated?: { exitCode?: number; finishedAt?: string } };
}

export interface PodStatus {
  phase?: string;
  conditions?: Array<{ type: string; status: string; lastTransitionTime?: string }>;
  containerStatuses?: ContainerStatus[];
  initContainerStatuses?: ContainerStatus[];
}

export type Pod = KubeObject & { spec?: { nodeName?: string; restartPolicy?: string }; status?: PodStatus };

export const iso = (ms: number): string => timestamp(new Date(ms));

export function findCondition(job: Job, type: string): JobCondition | undefined {
  return job.status?.conditions?.find((c) => c.type === type);
}

function conditionTrue(job: Job, type: string): boolean {
  return findCondition(job, type)?.status === 'True';
}

/** Complete or Failed (upstream util.IsJobFinished). */
export function isJobFinished(job: Job): boolean {
  return conditionTrue(job, 'Complete') || conditionTrue(job, 'Failed');
}

/** The finished condition type ('Complete' | 'Failed') and when it was set, if any. */
export function finishedAt(job: Job): { type: string; at?: string } | undefined {
  for (const c of job.status?.conditions ?? []) {
    if ((c.type === 'Complete' || c.type === 'Failed') && c.status === 'True') return { type: c.type, at: c.lastTransitionTime };
  }
  return undefined;
}

export function newCondition(type: string, status: string, reason: string, message: string, now: number): JobCondition {
  const t = iso(now);
  return { type, status, reason, message, lastProbeTime: t, lastTransitionTime: t };
}

/**
 * Sets a condition (upstream ensureJobConditionStatus): appends it unless it
 * would be a new False condition, or replaces one whose status, reason or
 * message differ. Returns whether the list changed.
 */
export function ensureCondition(job: Job, type: string, status: string, reason: string, message: string, now: number): boolean {
  const status_ = (job.status ??= {});
  const list = (status_.conditions ??= []);
  const i = list.findIndex((c) => c.type === type);
  if (i >= 0) {
    const c = list[i]!;
    if (c.status === status && (c.reason ?? '') === reason && (c.message ?? '') === message) return false;
    list[i] = newCondition(type, status, reason, message, now);
    return true;
  }
  if (status === 'False') return false;
  list.push(newCondition(type, status, reason, message, now));
  return true;
}

export const isIndexed = (job: Job): boolean => job.spec?.completionMode === 'Indexed';
export const isSuspended = (job: Job): boolean => job.spec?.suspend === true;

/** Only Failed pods are replaced (podReplacementPolicy Failed, implied by a podFailurePolicy). */
export function onlyReplaceFailedPods(job: Job): boolean {
  return job.spec?.podReplacementPolicy === 'Failed' || !!job.spec?.podFailurePolicy;
}
