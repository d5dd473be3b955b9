// Deployment status (upstream sync.go calculateStatus / syncDeploymentStatus
// and progress.go syncRolloutStatus): replica counts from the replica sets,
// the Available condition, the Progressing condition against
// progressDeadlineSeconds, ReplicaFailure copied from replica sets, and a
// timed re-check of rollouts that have stopped making progress.
import { semanticEqual } from '../../apiserver/kinds/apps/helpers.js';
import {
  deploymentComplete,
  deploymentProgressing,
  deploymentTimedOut,
  getCondition,
  hasProgressDeadline,
  newCondition,
  removeCondition,
  setCondition,
} from './conditions.js';
import { type SyncEnv, updateDeploymentStatus } from './env.js';
import { actualReplicaCount, availableReplicaCount, maxUnavailable, readyReplicaCount, replicaCount } from './replicas.js';
import { type Deployment, type DeploymentCondition, type DeploymentStatus, Reason, type ReplicaSet, specReplicas } from './types.js';

export function calculateStatus(allRSs: Array<ReplicaSet | undefined>, newRS: ReplicaSet | undefined, d: Deployment, now: Date): DeploymentStatus {
  const available = availableReplicaCount(allRSs);
  const status: DeploymentStatus = {
    observedGeneration: d.metadata?.generation ?? 0,
    replicas: actualReplicaCount(allRSs),
    updatedReplicas: actualReplicaCount([newRS]),
    readyReplicas: readyReplicaCount(allRSs),
    availableReplicas: available,
    unavailableReplicas: Math.max(0, replicaCount(allRSs) - available),
  };
  if (d.status?.collisionCount !== undefined) status.collisionCount = d.status.collisionCount;
  if (d.status?.conditions?.length) status.conditions = structuredClone(d.status.conditions);
  if (available >= specReplicas(d) - maxUnavailable(d)) {
    setCondition(status, newCondition('Available', 'True', Reason.MinimumReplicasAvailable, 'Deployment has minimum availability.', now));
  } else {
    setCondition(status, newCondition('Available', 'False', Reason.MinimumReplicasUnavailable, 'Deployment does not have minimum availability.', now));
  }
  return status;
}

async function writeStatus(env: SyncEnv, d: Deployment, status: DeploymentStatus): Promise<void> {
  d.status = status;
  await updateDeploymentStatus(env, d);
}

/** syncDeploymentStatus: counts and Available only (used when paused, scaling or deleting). */
export async function syncDeploymentStatus(env: SyncEnv, allRSs: Array<ReplicaSet | undefined>, newRS: ReplicaSet | undefined, d: Deployment): Promise<void> {
  const status = calculateStatus(allRSs, newRS, d, env.now());
  if (semanticEqual(d.status ?? {}, status)) return;
  await writeStatus(env, d, status);
}

function replicaFailures(allRSs: Array<ReplicaSet | undefined>, newRS: ReplicaSet | undefined): DeploymentCondition[] {
  const from = (rs: ReplicaSet | undefined): DeploymentCondition[] =>
    (rs?.status?.conditions ?? [])
      .filter((c) => c.type === 'ReplicaFailure')
      .map((c) => ({ type: c.type, status: c.status, lastUpdateTime: c.lastTransitionTime, lastTransitionTime: c.lastTransitionTime, reason: c.reason, message: c.message }));
  const own = from(newRS);
  return own.length ? own : allRSs.flatMap(from);
}

function progressMessage(d: Deployment, newRS: ReplicaSet | undefined, what: string): string {
  return newRS ? `ReplicaSet "${newRS.metadata?.name}" ${what}.` : `Deployment "${d.metadata?.name}" ${what}.`;
}

/** syncRolloutStatus: status plus the Progressing condition of a rollout. */
export async function syncRolloutStatus(env: SyncEnv, allRSs: Array<ReplicaSet | undefined>, newRS: ReplicaSet | undefined, d: Deployment): Promise<void> {
  const now = env.now();
  const status = calculateStatus(allRSs, newRS, d, now);
  if (!hasProgressDeadline(d)) removeCondition(status, 'Progressing');
  const current = getCondition(d.status, 'Progressing');
  const isComplete = status.replicas === status.updatedReplicas && current?.reason === Reason.NewRSAvailable;
  if (hasProgressDeadline(d) && !isComplete) {
    if (deploymentComplete(d, status)) {
      setCondition(status, newCondition('Progressing', 'True', Reason.NewRSAvailable, progressMessage(d, newRS, 'has successfully progressed'), now));
    } else if (deploymentProgressing(d, status)) {
      const cond = newCondition('Progressing', 'True', Reason.ReplicaSetUpdated, progressMessage(d, newRS, 'is progressing'), now);
      if (current) {
        if (current.status === 'True') cond.lastTransitionTime = current.lastTransitionTime;
        removeCondition(status, 'Progressing');
      }
      setCondition(status, cond);
    } else if (deploymentTimedOut(d, status, now)) {
      setCondition(status, newCondition('Progressing', 'False', Reason.TimedOut, progressMessage(d, newRS, 'has timed out progressing'), now));
    }
  }
  const failures = replicaFailures(allRSs, newRS);
  if (failures.length) setCondition(status, failures[0]!);
  else removeCondition(status, 'ReplicaFailure');
  if (semanticEqual(d.status ?? {}, status)) {
    requeueStuckDeployment(env, d, status);
    return;
  }
  await writeStatus(env, d, status);
}

/** Schedules a re-check for when a stalled rollout would pass its deadline; returns the delay (-1: none). */
export function requeueStuckDeployment(env: SyncEnv, d: Deployment, status: DeploymentStatus): number {
  const current = getCondition(d.status, 'Progressing');
  if (!hasProgressDeadline(d) || !current) return -1;
  if (deploymentComplete(d, status) || current.reason === Reason.TimedOut) return -1;
  const last = Date.parse(current.lastUpdateTime ?? '') || 0;
  const after = last + d.spec.progressDeadlineSeconds! * 1000 - env.now().getTime();
  if (after < 1000) {
    env.enqueueRateLimited(d);
    return 0;
  }
  env.enqueueAfter(d, after + 1000);
  return after;
}

/** checkPausedConditions: Progressing Unknown DeploymentPaused / DeploymentResumed. */
export async function checkPausedConditions(env: SyncEnv, d: Deployment): Promise<void> {
  if (!hasProgressDeadline(d)) return;
  const cond = getCondition(d.status, 'Progressing');
  if (cond?.reason === Reason.TimedOut) return;
  const pausedCondExists = cond?.reason === Reason.PausedDeploy;
  d.status ??= {};
  if (d.spec.paused && !pausedCondExists) {
    setCondition(d.status, newCondition('Progressing', 'Unknown', Reason.PausedDeploy, 'Deployment is paused', env.now()));
  } else if (!d.spec.paused && pausedCondExists) {
    setCondition(d.status, newCondition('Progressing', 'Unknown', Reason.ResumedDeploy, 'Deployment is resumed', env.now()));
  } else {
    return;
  }
  await updateDeploymentStatus(env, d);
}
