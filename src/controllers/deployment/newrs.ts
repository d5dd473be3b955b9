// Finding or creating the new replica set and keeping revisions in step
// (upstream sync.go getAllReplicaSetsAndSyncRevision / getNewReplicaSet):
// the new RS is named <deployment>-<pod-template-hash>; a name clash with a
// different template bumps status.collisionCount and retries.
import { semanticEqual } from '../../apiserver/kinds/apps/helpers.js';
import { isAlreadyExists } from '../../client/errors.js';
import type { ApiError } from '../../client/types.js';
import { controllerOf, newControllerRef } from '../controller-ref.js';
import { maxRevision, setDeploymentRevision, setNewReplicaSetAnnotations } from './annotations.js';
import { getCondition, hasProgressDeadline, newCondition, setCondition } from './conditions.js';
import { event, type SyncEnv, updateDeploymentStatus } from './env.js';
import { computeHash } from './hash.js';
import { equalIgnoreHash, findNewReplicaSet, findOldReplicaSets, newRSNewReplicas } from './replicas.js';
import { type Deployment, HASH_LABEL, REPLICASETS, type ReplicaSet, Reason, REVISION_ANNOTATION } from './types.js';

export interface RSSet {
  newRS: ReplicaSet | undefined;
  oldRSs: ReplicaSet[];
}

export class HashCollisionError extends Error {
  constructor(name: string, count: number) {
    super(`replica set ${name} already exists with a different template; collisionCount is now ${count}`);
    this.name = 'HashCollisionError';
  }
}

export async function getAllReplicaSetsAndSyncRevision(env: SyncEnv, d: Deployment, rsList: ReplicaSet[], create: boolean): Promise<RSSet> {
  const oldRSs = findOldReplicaSets(d, rsList);
  const newRS = await getNewReplicaSet(env, d, rsList, oldRSs, create);
  // Later steps of this sync must see what we just wrote, not the cached copy.
  const i = newRS ? rsList.findIndex((rs) => rs.metadata?.uid === newRS.metadata?.uid) : -1;
  if (i >= 0) rsList[i] = newRS!;
  return { newRS, oldRSs };
}

async function syncExistingNewRS(env: SyncEnv, d: Deployment, existing: ReplicaSet, newRevision: number): Promise<ReplicaSet> {
  const rs = structuredClone(existing);
  const annotationsUpdated = setNewReplicaSetAnnotations(d, rs, newRevision, true);
  const minReady = d.spec.minReadySeconds ?? 0;
  if (annotationsUpdated || (rs.spec.minReadySeconds ?? 0) !== minReady) {
    rs.spec.minReadySeconds = minReady;
    return env.client.update<ReplicaSet>(REPLICASETS, String(rs.metadata?.namespace), rs);
  }
  let needsUpdate = setDeploymentRevision(d, rs.metadata?.annotations?.[REVISION_ANNOTATION] ?? '');
  if (hasProgressDeadline(d) && !getCondition(d.status, 'Progressing')) {
    d.status ??= {};
    setCondition(d.status, newCondition('Progressing', 'True', Reason.FoundNewRS, `Found new replica set "${rs.metadata?.name}"`, env.now()));
    needsUpdate = true;
  }
  if (needsUpdate) await updateDeploymentStatus(env, d);
  return rs;
}

function buildNewRS(d: Deployment, newRevision: number, oldRSs: ReplicaSet[]): ReplicaSet {
  const template = structuredClone(d.spec.template ?? {});
  const hash = computeHash(template, d.status?.collisionCount);
  template.metadata = { ...(template.metadata ?? {}), labels: { ...(template.metadata?.labels ?? {}), [HASH_LABEL]: hash } };
  const selector = structuredClone(d.spec.selector ?? {});
  selector.matchLabels = { ...(selector.matchLabels ?? {}), [HASH_LABEL]: hash };
  const rs: ReplicaSet = {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name: `${d.metadata?.name}-${hash}`,
      namespace: d.metadata?.namespace,
      ownerReferences: [newControllerRef(d, 'apps/v1', 'Deployment')],
      labels: { ...template.metadata.labels },
    },
    spec: { replicas: 0, minReadySeconds: d.spec.minReadySeconds ?? 0, selector, template },
  };
  rs.spec.replicas = newRSNewReplicas(d, [...oldRSs, rs], rs);
  setNewReplicaSetAnnotations(d, rs, newRevision, false);
  return rs;
}

/** Whether a replica set that already has the new name is ours with the same template. */
async function existingIsOurs(env: SyncEnv, d: Deployment, rs: ReplicaSet): Promise<ReplicaSet | undefined> {
  const found = await env.client.get<ReplicaSet>(REPLICASETS, String(rs.metadata?.namespace), String(rs.metadata?.name));
  const ref = controllerOf(found);
  return ref && ref.uid === d.metadata?.uid && equalIgnoreHash(d.spec.template, found.spec.template) ? found : undefined;
}

/** errors.HasStatusCause(err, NamespaceTerminatingCause). */
function namespaceTerminating(e: unknown): boolean {
  const causes = ((e as ApiError).status as { details?: { causes?: Array<{ reason?: string; type?: string }> } } | undefined)?.details?.causes ?? [];
  return causes.some((c) => c.reason === 'NamespaceTerminating' || c.type === 'NamespaceTerminating');
}

export async function getNewReplicaSet(env: SyncEnv, d: Deployment, rsList: ReplicaSet[], oldRSs: ReplicaSet[], create: boolean): Promise<ReplicaSet | undefined> {
  const existing = findNewReplicaSet(d, rsList);
  const newRevision = maxRevision(oldRSs) + 1;
  if (existing) return syncExistingNewRS(env, d, existing, newRevision);
  if (!create) return undefined;

  const rs = buildNewRS(d, newRevision, oldRSs);
  const name = String(rs.metadata?.name);
  let created: ReplicaSet;
  let alreadyExists = false;
  try {
    created = await env.client.create<ReplicaSet>(REPLICASETS, String(d.metadata?.namespace), rs);
  } catch (e) {
    if (isAlreadyExists(e)) {
      const ours = await existingIsOurs(env, d, rs);
      if (!ours) {
        d.status ??= {};
        d.status.collisionCount = (d.status.collisionCount ?? 0) + 1;
        await updateDeploymentStatus(env, d);
        throw new HashCollisionError(name, d.status.collisionCount);
      }
      created = ours;
      alreadyExists = true;
    } else if (namespaceTerminating(e)) {
      // Every later create fails the same way; nothing to report.
      throw e;
    } else {
      const msg = `Failed to create new replica set "${name}": ${(e as Error).message}`;
      if (hasProgressDeadline(d)) {
        d.status ??= {};
        const before = structuredClone(d.status);
        setCondition(d.status, newCondition('Progressing', 'False', Reason.FailedRSCreate, msg, env.now()));
        // The error is what matters; a failed status write is retried with the sync.
        if (!semanticEqual(before, d.status)) await updateDeploymentStatus(env, d).catch(() => undefined);
      }
      event(env, d, 'Warning', Reason.FailedRSCreate, msg);
      throw e;
    }
  }
  const replicas = rs.spec.replicas ?? 0;
  if (!alreadyExists && replicas > 0) event(env, d, 'Normal', 'ScalingReplicaSet', `Scaled up replica set ${created.metadata?.name} to ${replicas}`);
  let needsUpdate = setDeploymentRevision(d, String(newRevision));
  if (!alreadyExists && hasProgressDeadline(d)) {
    d.status ??= {};
    setCondition(d.status, newCondition('Progressing', 'True', Reason.NewReplicaSet, `Created new replica set "${created.metadata?.name}"`, env.now()));
    needsUpdate = true;
  }
  if (needsUpdate) await updateDeploymentStatus(env, d);
  return created;
}
