// StatefulSet status (upstream computeReplicaStatus, completeRollingUpdate,
// inconsistentStatus and the status updater): counts over the set's pods,
// written through the status subresource only when something changed.
import { isConflict } from '../../client/errors.js';
import type { ResourceClient } from '../../client/types.js';
import { podRevision } from './identity.js';
import { isCreated, isRunningAndAvailable, isRunningAndReady, isTerminating } from './pod-state.js';
import { type Pod, type StatefulSet, type StatefulSetStatus, STATEFULSETS } from './types.js';

export interface Counts {
  replicas: number;
  readyReplicas: number;
  availableReplicas: number;
  currentReplicas: number;
  updatedReplicas: number;
}

export function countPods(pods: Pod[], minReadySeconds: number, currentRevision: string, updateRevision: string, now = Date.now()): Counts {
  const c: Counts = { replicas: 0, readyReplicas: 0, availableReplicas: 0, currentReplicas: 0, updatedReplicas: 0 };
  for (const pod of pods) {
    if (isCreated(pod)) c.replicas++;
    if (isRunningAndReady(pod)) {
      c.readyReplicas++;
      if (isRunningAndAvailable(pod, minReadySeconds, now)) c.availableReplicas++;
    }
    if (isCreated(pod) && !isTerminating(pod)) {
      const rev = podRevision(pod);
      if (rev === currentRevision) c.currentReplicas++;
      if (rev === updateRevision) c.updatedReplicas++;
    }
  }
  return c;
}

/** Recomputes the counts in `status` over every list given. */
export function applyCounts(status: StatefulSetStatus, minReadySeconds: number, ...lists: Pod[][]): void {
  const c = countPods(lists.flat(), minReadySeconds, status.currentRevision ?? '', status.updateRevision ?? '');
  Object.assign(status, c);
}

/** A RollingUpdate whose pods are all updated and ready makes the update revision current. */
export function completeRollingUpdate(set: StatefulSet, status: StatefulSetStatus): void {
  if ((set.spec.updateStrategy?.type ?? 'RollingUpdate') !== 'RollingUpdate') return;
  if (status.updatedReplicas === status.replicas && status.readyReplicas === status.replicas) {
    status.currentReplicas = status.updatedReplicas;
    status.currentRevision = status.updateRevision;
  }
}

const FIELDS = ['replicas', 'readyReplicas', 'currentReplicas', 'updatedReplicas', 'availableReplicas', 'currentRevision', 'updateRevision', 'collisionCount'] as const;

export function inconsistentStatus(set: StatefulSet, status: StatefulSetStatus): boolean {
  const old = set.status ?? { replicas: 0 };
  if ((status.observedGeneration ?? 0) > (old.observedGeneration ?? 0)) return true;
  return FIELDS.some((f) => (status[f] ?? 0) !== (old[f] ?? 0));
}

/** Writes `status` (keeping conditions), re-reading the set on conflicts. */
export async function writeStatus(client: ResourceClient, set: StatefulSet, status: StatefulSetStatus): Promise<StatefulSet> {
  let cur = structuredClone(set);
  for (let attempt = 0; ; attempt++) {
    const next: StatefulSetStatus = { ...status };
    if (cur.status?.conditions) next.conditions = cur.status.conditions;
    cur.status = next;
    try {
      return await client.update<StatefulSet>(STATEFULSETS, String(cur.metadata.namespace), cur, { subresource: 'status' });
    } catch (e) {
      if (!isConflict(e) || attempt >= 4) throw e;
      cur = await client.get<StatefulSet>(STATEFULSETS, String(set.metadata.namespace), String(set.metadata.name));
    }
  }
}
