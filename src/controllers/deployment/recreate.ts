// The Recreate strategy (upstream recreate.go): scale every old replica set
// to zero, wait until none of their pods is left running, then create or
// scale up the new replica set.
import { getAllReplicaSetsAndSyncRevision } from './newrs.js';
import { deploymentComplete } from './conditions.js';
import type { SyncEnv } from './env.js';
import { activeReplicaSets, actualReplicaCount } from './replicas.js';
import { cleanupDeployment, scaleReplicaSetAndRecordEvent } from './scale.js';
import { syncRolloutStatus } from './status.js';
import { type Deployment, type ReplicaSet, specReplicas } from './types.js';
import type { KubeObject } from '../../apiserver/types.js';

/** Pods of the deployment grouped by the uid of the replica set controlling them. */
export type PodMap = Map<string, KubeObject[]>;

/** oldPodsRunning: old replica sets still report pods, or any old pod is not terminal. */
export function oldPodsRunning(newRS: ReplicaSet | undefined, oldRSs: ReplicaSet[], podMap: PodMap): boolean {
  if (actualReplicaCount(oldRSs) > 0) return true;
  for (const [uid, pods] of podMap) {
    if (newRS && newRS.metadata?.uid === uid) continue;
    for (const pod of pods) {
      const phase = (pod.status as { phase?: string } | undefined)?.phase;
      if (phase !== 'Failed' && phase !== 'Succeeded') return true;
    }
  }
  return false;
}

export async function rolloutRecreate(env: SyncEnv, d: Deployment, rsList: ReplicaSet[], podMap: PodMap): Promise<void> {
  let { newRS, oldRSs } = await getAllReplicaSetsAndSyncRevision(env, d, rsList, false);
  let allRSs: Array<ReplicaSet | undefined> = [...oldRSs, newRS];
  let scaledDown = false;
  for (const rs of activeReplicaSets(oldRSs)) {
    if ((await scaleReplicaSetAndRecordEvent(env, rs, 0, d)).scaled) scaledDown = true;
  }
  if (scaledDown) return syncRolloutStatus(env, allRSs, newRS, d);
  if (oldPodsRunning(newRS, oldRSs, podMap)) return syncRolloutStatus(env, allRSs, newRS, d);
  if (!newRS) {
    ({ newRS, oldRSs } = await getAllReplicaSetsAndSyncRevision(env, d, rsList, true));
    allRSs = [...oldRSs, newRS];
  }
  if (newRS && specReplicas(newRS) !== specReplicas(d)) await scaleReplicaSetAndRecordEvent(env, newRS, specReplicas(d), d);
  if (deploymentComplete(d, d.status)) await cleanupDeployment(env, oldRSs, d);
  return syncRolloutStatus(env, allRSs, newRS, d);
}
