// The RollingUpdate strategy (upstream rolling.go): scale the new replica
// set up within maxSurge, then scale old ones down without dropping below
// spec.replicas - maxUnavailable available pods, unhealthy ones first.
import { getAllReplicaSetsAndSyncRevision } from './newrs.js';
import { deploymentComplete } from './conditions.js';
import type { SyncEnv } from './env.js';
import { activeReplicaSets, availableReplicaCount, byCreation, maxUnavailable, newRSNewReplicas, replicaCount } from './replicas.js';
import { cleanupDeployment, scaleReplicaSetAndRecordEvent } from './scale.js';
import { syncRolloutStatus } from './status.js';
import { type Deployment, type ReplicaSet, specReplicas } from './types.js';

export class InvalidScaleDownError extends Error {
  constructor(rs: ReplicaSet, from: number, to: number) {
    super(`invalid request to scale down ${rs.metadata?.namespace}/${rs.metadata?.name} ${from} -> ${to}`);
    this.name = 'InvalidScaleDownError';
  }
}

export async function rolloutRolling(env: SyncEnv, d: Deployment, rsList: ReplicaSet[]): Promise<void> {
  const { newRS, oldRSs } = await getAllReplicaSetsAndSyncRevision(env, d, rsList, true);
  const rs = newRS!;
  const allRSs = [...oldRSs, rs];
  if (await reconcileNewReplicaSet(env, allRSs, rs, d)) return syncRolloutStatus(env, allRSs, rs, d);
  if (await reconcileOldReplicaSets(env, allRSs, activeReplicaSets(oldRSs), rs, d)) return syncRolloutStatus(env, allRSs, rs, d);
  if (deploymentComplete(d, d.status)) await cleanupDeployment(env, oldRSs, d);
  return syncRolloutStatus(env, allRSs, rs, d);
}

export async function reconcileNewReplicaSet(env: SyncEnv, allRSs: ReplicaSet[], newRS: ReplicaSet, d: Deployment): Promise<boolean> {
  const want = specReplicas(d);
  if (specReplicas(newRS) === want) return false;
  if (specReplicas(newRS) > want) return (await scaleReplicaSetAndRecordEvent(env, newRS, want, d)).scaled;
  return (await scaleReplicaSetAndRecordEvent(env, newRS, newRSNewReplicas(d, allRSs, newRS), d)).scaled;
}

export async function reconcileOldReplicaSets(env: SyncEnv, allRSs: ReplicaSet[], oldRSs: ReplicaSet[], newRS: ReplicaSet, d: Deployment): Promise<boolean> {
  if (replicaCount(oldRSs) === 0) return false;
  const minAvailable = specReplicas(d) - maxUnavailable(d);
  const newUnavailable = specReplicas(newRS) - (newRS.status?.availableReplicas ?? 0);
  const maxScaledDown = replicaCount(allRSs) - minAvailable - newUnavailable;
  if (maxScaledDown <= 0) return false;
  const cleaned = await cleanupUnhealthyReplicas(env, oldRSs, d, maxScaledDown);
  const scaledDown = await scaleDownOldReplicaSetsForRollingUpdate(env, [...cleaned.oldRSs, newRS], cleaned.oldRSs, d);
  return cleaned.count + scaledDown > 0;
}

/** Scales old replica sets down by their unavailable replicas, oldest first, up to `maxCleanup`. */
export async function cleanupUnhealthyReplicas(env: SyncEnv, oldRSs: ReplicaSet[], d: Deployment, maxCleanup: number): Promise<{ oldRSs: ReplicaSet[]; count: number }> {
  const sorted = [...oldRSs].sort(byCreation);
  let total = 0;
  for (const [i, rs] of sorted.entries()) {
    if (total >= maxCleanup) break;
    const replicas = specReplicas(rs);
    const available = rs.status?.availableReplicas ?? 0;
    if (replicas === 0 || replicas === available) continue;
    const count = Math.min(maxCleanup - total, replicas - available);
    const next = replicas - count;
    if (next > replicas) throw new InvalidScaleDownError(rs, replicas, next);
    sorted[i] = (await scaleReplicaSetAndRecordEvent(env, rs, next, d)).rs;
    total += count;
  }
  return { oldRSs: sorted, count: total };
}

/** Scales old replica sets down, oldest first, while availability stays above the minimum. */
export async function scaleDownOldReplicaSetsForRollingUpdate(env: SyncEnv, allRSs: ReplicaSet[], oldRSs: ReplicaSet[], d: Deployment): Promise<number> {
  const minAvailable = specReplicas(d) - maxUnavailable(d);
  const available = availableReplicaCount(allRSs);
  if (available <= minAvailable) return 0;
  const totalToScaleDown = available - minAvailable;
  let total = 0;
  for (const rs of [...oldRSs].sort(byCreation)) {
    if (total >= totalToScaleDown) break;
    const replicas = specReplicas(rs);
    if (replicas === 0) continue;
    const count = Math.min(replicas, totalToScaleDown - total);
    const next = replicas - count;
    if (next > replicas) throw new InvalidScaleDownError(rs, replicas, next);
    await scaleReplicaSetAndRecordEvent(env, rs, next, d);
    total += count;
  }
  return total;
}
