// Replica arithmetic of upstream deployment_util.go: maxSurge/maxUnavailable
// fenceposts (percentages rounded up for surge, down for unavailable),
// counts over replica sets, orderings, and which replica set is new or old.
import { semanticEqual } from '../../apiserver/kinds/apps/helpers.js';
import { scaledValue } from '../intstr.js';
import { type Deployment, HASH_LABEL, type IntOrString, type ReplicaSet, specReplicas } from './types.js';

export { scaledValue };

export function isRollingUpdate(d: Deployment): boolean {
  return d.spec.strategy?.type === 'RollingUpdate';
}

/** ResolveFenceposts: [surge, unavailable]; both zero resolves unavailable to 1. */
export function resolveFenceposts(maxSurge: IntOrString | undefined, maxUnavailable: IntOrString | undefined, desired: number): [number, number] {
  const surge = scaledValue(maxSurge ?? 0, desired, true);
  let unavailable = scaledValue(maxUnavailable ?? 0, desired, false);
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return [surge, unavailable];
}

export function maxSurge(d: Deployment): number {
  if (!isRollingUpdate(d)) return 0;
  const ru = d.spec.strategy?.rollingUpdate;
  return resolveFenceposts(ru?.maxSurge, ru?.maxUnavailable, specReplicas(d))[0];
}

export function maxUnavailable(d: Deployment): number {
  const desired = specReplicas(d);
  if (!isRollingUpdate(d) || desired === 0) return 0;
  const ru = d.spec.strategy?.rollingUpdate;
  return Math.min(resolveFenceposts(ru?.maxSurge, ru?.maxUnavailable, desired)[1], desired);
}

type MaybeRS = ReplicaSet | undefined | null;

const sum = (rss: MaybeRS[], f: (rs: ReplicaSet) => number): number => rss.reduce((n, rs) => n + (rs ? f(rs) : 0), 0);

/** Sum of spec.replicas. */
export const replicaCount = (rss: MaybeRS[]): number => sum(rss, (rs) => specReplicas(rs));
/** Sum of status.replicas. */
export const actualReplicaCount = (rss: MaybeRS[]): number => sum(rss, (rs) => rs.status?.replicas ?? 0);
export const readyReplicaCount = (rss: MaybeRS[]): number => sum(rss, (rs) => rs.status?.readyReplicas ?? 0);
export const availableReplicaCount = (rss: MaybeRS[]): number => sum(rss, (rs) => rs.status?.availableReplicas ?? 0);

export function activeReplicaSets(rss: MaybeRS[]): ReplicaSet[] {
  return rss.filter((rs): rs is ReplicaSet => !!rs && specReplicas(rs) > 0);
}

const created = (rs: ReplicaSet): number => Date.parse(String(rs.metadata?.creationTimestamp ?? '')) || 0;

/** ReplicaSetsByCreationTimestamp: oldest first, then by name. */
export function byCreation(a: ReplicaSet, b: ReplicaSet): number {
  const d = created(a) - created(b);
  if (d !== 0) return d;
  const an = String(a.metadata?.name);
  const bn = String(b.metadata?.name);
  return an < bn ? -1 : an > bn ? 1 : 0;
}

/** ReplicaSetsBySizeNewer: largest first; equal sizes newest first. */
export function bySizeNewer(a: ReplicaSet, b: ReplicaSet): number {
  return specReplicas(b) - specReplicas(a) || byCreation(b, a);
}

/** ReplicaSetsBySizeOlder: largest first; equal sizes oldest first. */
export function bySizeOlder(a: ReplicaSet, b: ReplicaSet): number {
  return specReplicas(b) - specReplicas(a) || byCreation(a, b);
}

function withoutHash(template: unknown): unknown {
  const t = structuredClone((template ?? {}) as { metadata?: { labels?: Record<string, string> } });
  if (t.metadata?.labels) delete t.metadata.labels[HASH_LABEL];
  return t;
}

/** EqualIgnoreHash: semantic equality of two pod templates, ignoring pod-template-hash. */
export function equalIgnoreHash(a: unknown, b: unknown): boolean {
  return semanticEqual(withoutHash(a), withoutHash(b));
}

/** FindNewReplicaSet: the oldest replica set whose template equals the deployment's. */
export function findNewReplicaSet(d: Deployment, rss: ReplicaSet[]): ReplicaSet | undefined {
  return [...rss].sort(byCreation).find((rs) => equalIgnoreHash(rs.spec.template, d.spec.template));
}

/** FindOldReplicaSets: every replica set but the new one. */
export function findOldReplicaSets(d: Deployment, rss: ReplicaSet[]): ReplicaSet[] {
  const newRS = findNewReplicaSet(d, rss);
  return rss.filter((rs) => !newRS || rs.metadata?.uid !== newRS.metadata?.uid);
}

/** NewRSNewReplicas: how big the new replica set may be now. */
export function newRSNewReplicas(d: Deployment, allRSs: MaybeRS[], newRS: ReplicaSet): number {
  const desired = specReplicas(d);
  if (d.spec.strategy?.type === 'Recreate') return desired;
  const surge = scaledValue(d.spec.strategy?.rollingUpdate?.maxSurge ?? 0, desired, true);
  const current = replicaCount(allRSs);
  const maxTotal = desired + surge;
  if (current >= maxTotal) return specReplicas(newRS);
  return specReplicas(newRS) + Math.min(maxTotal - current, desired - specReplicas(newRS));
}
