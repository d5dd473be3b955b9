// spec.podFailurePolicy (upstream pod_failure_policy.go): the first rule that
// matches a failed pod decides — FailJob fails the Job with a message,
// Ignore does not count the failure, Count counts it as usual. Rules match
// non-zero container exit codes (In/NotIn, optionally one container) or pod
// conditions.
import type { ContainerStatus, Job, Pod, PodFailurePolicyRule } from './types.js';

export interface PolicyMatch {
  /** Set when a FailJob rule matched. */
  failJobMessage?: string;
  /** Whether the failure counts towards backoffLimit. */
  countFailed: boolean;
  action?: PodFailurePolicyRule['action'];
}

function exitCodeMatch(rule: NonNullable<PodFailurePolicyRule['onExitCodes']>, statuses: ContainerStatus[]): ContainerStatus | undefined {
  return statuses.find((s) => {
    const code = s.state?.terminated?.exitCode;
    if (code === undefined || code === 0) return false;
    if (rule.containerName && rule.containerName !== s.name) return false;
    const listed = rule.values.includes(code);
    return rule.operator === 'In' ? listed : !listed;
  });
}

function conditionMatch(patterns: NonNullable<PodFailurePolicyRule['onPodConditions']>, pod: Pod): string | undefined {
  for (const pat of patterns) {
    const c = pod.status?.conditions?.find((x) => x.type === pat.type && x.status === (pat.status ?? 'True'));
    if (c) return c.type;
  }
  return undefined;
}

export function matchPodFailurePolicy(job: Job, pod: Pod): PolicyMatch {
  const rules = job.spec?.podFailurePolicy?.rules ?? [];
  const statuses = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])];
  const podName = `${pod.metadata?.namespace}/${pod.metadata?.name}`;
  for (let i = 0; i < rules.length; i++) {
    const rule = rules[i]!;
    let message: string | undefined;
    if (rule.onExitCodes) {
      const s = exitCodeMatch(rule.onExitCodes, statuses);
      if (s) message = `Container ${s.name} for pod ${podName} failed with exit code ${s.state?.terminated?.exitCode} matching ${rule.action} rule at index ${i}`;
    } else if (rule.onPodConditions) {
      const type = conditionMatch(rule.onPodConditions, pod);
      if (type) message = `Pod ${podName} has condition ${type} matching ${rule.action} rule at index ${i}`;
    }
    if (message === undefined) continue;
    switch (rule.action) {
      case 'FailJob':
        return { failJobMessage: message, countFailed: true, action: 'FailJob' };
      case 'Ignore':
        return { countFailed: false, action: 'Ignore' };
      case 'Count':
        return { countFailed: true, action: 'Count' };
      default:
        // FailIndex needs backoffLimitPerIndex (not implemented): counted as usual.
        return { countFailed: true, action: rule.action };
    }
  }
  return { countFailed: true };
}
