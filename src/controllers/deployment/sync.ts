// One deployment's sync after its replica sets are claimed (upstream
// syncDeployment's body): status only while deleting, scaling while paused
// or on a scaling event, otherwise a rollout step of the strategy.
import { desiredReplicasAnnotation } from './annotations.js';
import type { SyncEnv } from './env.js';
import { getAllReplicaSetsAndSyncRevision } from './newrs.js';
import { type PodMap, rolloutRecreate } from './recreate.js';
import { activeReplicaSets } from './replicas.js';
import { rolloutRolling } from './rolling.js';
import { cleanupDeployment, scale } from './scale.js';
import { checkPausedConditions, syncDeploymentStatus } from './status.js';
import { type Deployment, type ReplicaSet, specReplicas } from './types.js';

export class UnknownStrategyError extends Error {
  constructor(type: unknown) {
    super(`unexpected deployment strategy type: ${String(type)}`);
    this.name = 'UnknownStrategyError';
  }
}

export async function syncStatusOnly(env: SyncEnv, d: Deployment, rsList: ReplicaSet[]): Promise<void> {
  const { newRS, oldRSs } = await getAllReplicaSetsAndSyncRevision(env, d, rsList, false);
  await syncDeploymentStatus(env, [...oldRSs, newRS], newRS, d);
}

/** sync: reconciles a scaling event or a paused deployment. */
export async function syncScaling(env: SyncEnv, d: Deployment, rsList: ReplicaSet[]): Promise<void> {
  const { newRS, oldRSs } = await getAllReplicaSetsAndSyncRevision(env, d, rsList, false);
  await scale(env, d, newRS, oldRSs);
  if (d.spec.paused) await cleanupDeployment(env, oldRSs, d);
  await syncDeploymentStatus(env, [...oldRSs, newRS], newRS, d);
}

/** isScalingEvent: an active replica set was sized for a different spec.replicas. */
export async function isScalingEvent(env: SyncEnv, d: Deployment, rsList: ReplicaSet[]): Promise<boolean> {
  const { newRS, oldRSs } = await getAllReplicaSetsAndSyncRevision(env, d, rsList, false);
  return activeReplicaSets([...oldRSs, newRS]).some((rs) => {
    const desired = desiredReplicasAnnotation(rs);
    return desired !== undefined && desired !== specReplicas(d);
  });
}

export async function syncClaimed(env: SyncEnv, d: Deployment, rsList: ReplicaSet[], podMap: PodMap): Promise<void> {
  if (d.metadata?.deletionTimestamp) return syncStatusOnly(env, d, rsList);
  await checkPausedConditions(env, d);
  if (d.spec.paused) return syncScaling(env, d, rsList);
  if (await isScalingEvent(env, d, rsList)) return syncScaling(env, d, rsList);
  switch (d.spec.strategy?.type) {
    case 'Recreate':
      return rolloutRecreate(env, d, rsList, podMap);
    case 'RollingUpdate':
      return rolloutRolling(env, d, rsList);
    default:
      throw new UnknownStrategyError(d.spec.strategy?.type);
  }
}
