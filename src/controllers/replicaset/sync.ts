// One sync of a ReplicaSet or ReplicationController (upstream syncReplicaSet):
// claim the active pods it owns or could adopt, manage replicas when the
// expectations are met, then write status (re-queueing once pods should have
// become available).
import { PODS } from '../../client/gvr.js';
import { claimObjects, controllerOf } from '../controller-ref.js';
import type { ReplicaSetController } from './controller.js';
import { BY_CONTROLLER_UID, ORPHANS_BY_NAMESPACE } from './indexes.js';
import { desiredReplicas, type ReplicaOwner } from './kinds.js';
import { manageReplicas } from './manage.js';
import { isPodActive, type Pod } from './pods.js';
import { calculateStatus, updateStatus } from './status.js';

/** Active pods owned by `owner` plus active orphans in its namespace (adoption candidates). */
export function candidatePods(c: ReplicaSetController, owner: ReplicaOwner): Pod[] {
  const owned = c.pods.byIndex(BY_CONTROLLER_UID, owner.metadata?.uid ?? '');
  const orphans = c.pods.byIndex(ORPHANS_BY_NAMESPACE, owner.metadata?.namespace ?? '');
  return [...owned, ...orphans].filter(isPodActive);
}

/** Active pods of every owner controlled by the same object as `owner` (a Deployment's ReplicaSets). */
export function relatedPods(c: ReplicaSetController, owner: ReplicaOwner): Pod[] {
  const ref = controllerOf(owner);
  if (!ref) return [];
  const siblings = c.owners.byIndex(BY_CONTROLLER_UID, ref.uid).filter((o) => o.metadata?.namespace === owner.metadata?.namespace);
  return siblings.flatMap((s) => c.pods.byIndex(BY_CONTROLLER_UID, s.metadata?.uid ?? '')).filter(isPodActive);
}

export async function syncOwner(c: ReplicaSetController, key: string): Promise<void> {
  const owner = c.owners.get(key);
  if (!owner) {
    c.expectations.delete(key);
    return;
  }
  const needsSync = c.expectations.satisfied(key);
  const selector = c.kind.selector(owner);
  if (!selector) {
    c.ctx.log(`${c.name}: ${key}: invalid pod selector`);
    return;
  }
  const ns = owner.metadata?.namespace ?? '';
  const pods = await claimObjects(candidatePods(c, owner), {
    client: c.ctx.client,
    gvr: PODS,
    owner,
    ownerApiVersion: c.kind.apiVersion,
    ownerKind: c.kind.kind,
    matches: (p) => selector.matches(p.metadata?.labels),
    // Upstream's RecheckDeletionTimestamp: adopt only if the owner (read afresh) is the same and not going away.
    canAdopt: async () => {
      const fresh = await c.ctx.client.get<ReplicaOwner>(c.kind.gvr, ns, String(owner.metadata?.name));
      return fresh.metadata?.uid === owner.metadata?.uid && !fresh.metadata?.deletionTimestamp;
    },
  });
  let manageError: Error | undefined;
  if (needsSync && !owner.metadata?.deletionTimestamp) {
    try {
      await manageReplicas({ kind: c.kind, podControl: c.podControl, expectations: c.expectations, burst: c.burst, relatedPods: (o) => relatedPods(c, o) }, key, owner, pods);
    } catch (e) {
      manageError = e as Error;
    }
  }
  const updated = await updateStatus(c.ctx.client, c.kind, owner, calculateStatus(owner, pods, manageError));
  const minReady = updated.spec?.minReadySeconds ?? 0;
  const want = desiredReplicas(updated);
  // A last line of defence against clock skew: look again once pods should be available.
  if (!manageError && minReady > 0 && updated.status?.readyReplicas === want && updated.status?.availableReplicas !== want) {
    c.workers.queue.addAfter(key, minReady * 1000);
  }
  if (manageError) throw manageError;
}
