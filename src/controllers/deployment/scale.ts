// Scaling replica sets (upstream sync.go scale / scaleReplicaSet): one
// write per replica set that also keeps desired-/max-replicas annotations
// current, ScalingReplicaSet events, proportional scaling of a rollout in
// flight when the deployment's size changes, and revision history cleanup.
import { isNotFound } from '../../client/errors.js';
import { byRevision, isSaturated, maxReplicasAnnotation, replicasAnnotationsNeedUpdate, setReplicasAnnotations } from './annotations.js';
import { hasRevisionHistoryLimit } from './conditions.js';
import { event, type SyncEnv } from './env.js';
import { activeReplicaSets, byCreation, bySizeNewer, bySizeOlder, isRollingUpdate, maxSurge, replicaCount } from './replicas.js';
import { type Deployment, REPLICASETS, type ReplicaSet, specReplicas } from './types.js';

export interface ScaleResult {
  scaled: boolean;
  rs: ReplicaSet;
}

export async function scaleReplicaSet(env: SyncEnv, rs: ReplicaSet, newScale: number, d: Deployment, operation: string): Promise<ScaleResult> {
  const oldScale = specReplicas(rs);
  const sizeNeedsUpdate = oldScale !== newScale;
  const want = specReplicas(d);
  const max = want + maxSurge(d);
  if (!sizeNeedsUpdate && !replicasAnnotationsNeedUpdate(rs, want, max)) return { scaled: false, rs };
  const copy = structuredClone(rs);
  copy.spec.replicas = newScale;
  setReplicasAnnotations(copy, want, max);
  const out = await env.client.update<ReplicaSet>(REPLICASETS, String(rs.metadata?.namespace), copy);
  if (sizeNeedsUpdate) {
    event(env, d, 'Normal', 'ScalingReplicaSet', `Scaled ${operation} replica set ${out.metadata?.name} to ${newScale} from ${oldScale}`);
  }
  return { scaled: sizeNeedsUpdate, rs: out };
}

export async function scaleReplicaSetAndRecordEvent(env: SyncEnv, rs: ReplicaSet, newScale: number, d: Deployment): Promise<ScaleResult> {
  if (specReplicas(rs) === newScale) return { scaled: false, rs };
  return scaleReplicaSet(env, rs, newScale, d, specReplicas(rs) < newScale ? 'up' : 'down');
}

/** FindActiveOrLatest: the only active replica set, or the newest when none is active. */
export function findActiveOrLatest(newRS: ReplicaSet | undefined, oldRSs: ReplicaSet[]): ReplicaSet | undefined {
  if (!newRS && oldRSs.length === 0) return undefined;
  const sorted = [...oldRSs].sort((a, b) => byCreation(b, a));
  const active = activeReplicaSets([...sorted, newRS]);
  if (active.length === 0) return newRS ?? sorted[0];
  return active.length === 1 ? active[0] : undefined;
}

function roundHalfAway(x: number): number {
  return Math.sign(x) * Math.round(Math.abs(x));
}

/** getReplicaSetFraction: this replica set's share of the size change. */
function fraction(rs: ReplicaSet, d: Deployment): number {
  const want = specReplicas(d);
  if (want === 0) return -specReplicas(rs);
  const newMax = want + maxSurge(d);
  let before = maxReplicasAnnotation(rs);
  if (!before) {
    before = d.status?.replicas ?? 0;
    if (before === 0) return 0;
  }
  return roundHalfAway((specReplicas(rs) * newMax) / before) - specReplicas(rs);
}

/** GetReplicaSetProportion. */
export function proportion(rs: ReplicaSet, d: Deployment, toAdd: number, added: number): number {
  if (specReplicas(rs) === 0 || toAdd === 0 || toAdd === added) return 0;
  const f = fraction(rs, d);
  const allowed = toAdd - added;
  return toAdd > 0 ? Math.min(f, allowed) : Math.max(f, allowed);
}

/** scale: resize on a scaling event (or while paused), proportionally across a rollout. */
export async function scale(env: SyncEnv, d: Deployment, newRS: ReplicaSet | undefined, oldRSs: ReplicaSet[]): Promise<void> {
  const want = specReplicas(d);
  const single = findActiveOrLatest(newRS, oldRSs);
  if (single) {
    if (specReplicas(single) !== want) await scaleReplicaSetAndRecordEvent(env, single, want, d);
    return;
  }
  if (isSaturated(d, newRS)) {
    for (const old of activeReplicaSets(oldRSs)) await scaleReplicaSetAndRecordEvent(env, old, 0, d);
    return;
  }
  if (!isRollingUpdate(d)) return;
  const all = activeReplicaSets([...oldRSs, newRS]);
  const allowed = want > 0 ? want + maxSurge(d) : 0;
  const toAdd = allowed - replicaCount(all);
  let operation = '';
  if (toAdd > 0) {
    all.sort(bySizeNewer);
    operation = 'up';
  } else if (toAdd < 0) {
    all.sort(bySizeOlder);
    operation = 'down';
  }
  let added = 0;
  const sizes = new Map<string, number>();
  for (const rs of all) {
    const p = toAdd !== 0 ? proportion(rs, d, toAdd, added) : 0;
    sizes.set(String(rs.metadata?.name), specReplicas(rs) + p);
    added += p;
  }
  for (const [i, rs] of all.entries()) {
    const name = String(rs.metadata?.name);
    // Leftovers go to the largest replica set.
    if (i === 0 && toAdd !== 0) sizes.set(name, Math.max(0, sizes.get(name)! + toAdd - added));
    await scaleReplicaSet(env, rs, sizes.get(name)!, d, operation);
  }
}

/** cleanupDeployment: deletes the oldest fully scaled-down replica sets beyond revisionHistoryLimit. */
export async function cleanupDeployment(env: SyncEnv, oldRSs: ReplicaSet[], d: Deployment): Promise<void> {
  if (!hasRevisionHistoryLimit(d)) return;
  const alive = oldRSs.filter((rs) => !rs.metadata?.deletionTimestamp);
  const diff = alive.length - d.spec.revisionHistoryLimit!;
  if (diff <= 0) return;
  alive.sort(byRevision(byCreation));
  for (const rs of alive.slice(0, diff)) {
    const observed = rs.status?.observedGeneration ?? 0;
    if ((rs.status?.replicas ?? 0) !== 0 || specReplicas(rs) !== 0 || (rs.metadata?.generation ?? 0) > observed) continue;
    try {
      await env.client.delete(REPLICASETS, String(rs.metadata?.namespace), String(rs.metadata?.name));
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
  }
}
