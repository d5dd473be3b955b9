// ReplicaSet/ReplicationController status (upstream replica_set_utils):
// replica counts from the claimed active pods, the ReplicaFailure condition
// while creates or deletes fail, and the status write with one retry.
import { isConflict } from '../../client/errors.js';
import type { ResourceClient } from '../../client/types.js';
import { desiredReplicas, type ReplicaCondition, type ReplicaKind, type ReplicaOwner, type ReplicaStatus } from './kinds.js';
import { isPodAvailable, isPodReady, type Pod } from './pods.js';
import { timestamp } from '../../apiserver/registry/meta.js';

export const REPLICA_FAILURE = 'ReplicaFailure';

const now = (): string => timestamp(new Date());

export function calculateStatus(owner: ReplicaOwner, pods: Pod[], manageError: Error | undefined, nowMs = Date.now()): ReplicaStatus {
  const status: ReplicaStatus = structuredClone(owner.status ?? {});
  const templateLabels = Object.entries(owner.spec?.template?.metadata?.labels ?? {});
  const minReady = owner.spec?.minReadySeconds ?? 0;
  let fullyLabeled = 0;
  let ready = 0;
  let available = 0;
  for (const p of pods) {
    const labels = p.metadata?.labels ?? {};
    if (templateLabels.every(([k, v]) => labels[k] === v)) fullyLabeled++;
    if (isPodReady(p)) {
      ready++;
      if (isPodAvailable(p, minReady, nowMs)) available++;
    }
  }
  const conditions = status.conditions ?? [];
  const failure = conditions.find((c) => c.type === REPLICA_FAILURE);
  if (manageError && !failure) {
    const diff = pods.length - desiredReplicas(owner);
    const reason = diff < 0 ? 'FailedCreate' : diff > 0 ? 'FailedDelete' : '';
    const cond: ReplicaCondition = { type: REPLICA_FAILURE, status: 'True', lastTransitionTime: now(), reason, message: manageError.message };
    status.conditions = [...conditions, cond];
  } else if (!manageError && failure) {
    status.conditions = conditions.filter((c) => c.type !== REPLICA_FAILURE);
    if (!status.conditions.length) delete status.conditions;
  }
  status.replicas = pods.length;
  status.fullyLabeledReplicas = fullyLabeled;
  status.readyReplicas = ready;
  status.availableReplicas = available;
  return status;
}

function sameConditions(a: ReplicaCondition[] | undefined, b: ReplicaCondition[] | undefined): boolean {
  return JSON.stringify(a ?? []) === JSON.stringify(b ?? []);
}

/** Whether `status` already says what `next` says about `owner`'s generation. */
export function statusCurrent(owner: ReplicaOwner, next: ReplicaStatus): boolean {
  const s = owner.status ?? {};
  return (
    (s.replicas ?? 0) === next.replicas &&
    (s.fullyLabeledReplicas ?? 0) === next.fullyLabeledReplicas &&
    (s.readyReplicas ?? 0) === next.readyReplicas &&
    (s.availableReplicas ?? 0) === next.availableReplicas &&
    (owner.metadata?.generation ?? 0) === (s.observedGeneration ?? 0) &&
    sameConditions(s.conditions, next.conditions)
  );
}

/** Writes the status with observedGeneration; one retry on a conflict, with the latest object. */
export async function updateStatus(client: ResourceClient, kind: ReplicaKind, owner: ReplicaOwner, next: ReplicaStatus): Promise<ReplicaOwner> {
  if (statusCurrent(owner, next)) return owner;
  const ns = owner.metadata?.namespace ?? '';
  let cur = owner;
  for (let attempt = 0; ; attempt++) {
    const obj = structuredClone(cur);
    obj.status = { ...next, observedGeneration: owner.metadata?.generation ?? 0 };
    try {
      return await client.update<ReplicaOwner>(kind.gvr, ns, obj, { subresource: 'status' });
    } catch (e) {
      if (!isConflict(e) || attempt >= 1) throw e;
      cur = await client.get<ReplicaOwner>(kind.gvr, ns, String(owner.metadata?.name));
    }
  }
}
