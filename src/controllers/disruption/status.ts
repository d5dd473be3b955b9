// PDB status arithmetic (upstream disruption.go): which recorded evictions
// still count, how many selected pods are healthy, disruptionsAllowed, and
// the DisruptionAllowed condition.
import { isPodReady, type Pod } from '../replicaset/pods.js';
import { DELETION_TIMEOUT_MS, DISRUPTION_ALLOWED, INSUFFICIENT_PODS, type Pdb, type PdbCondition, type PdbStatus, SUFFICIENT_PODS } from './types.js';
import { timestamp } from '../../apiserver/registry/meta.js';

const stamp = (ms: number): string => timestamp(new Date(ms));

/**
 * The evictions still pending: pods in status.disruptedPods that exist, are
 * not yet being deleted and were evicted less than two minutes ago. Also the
 * earliest time one of them expires (to look again then).
 */
export function buildDisruptedPodMap(pods: Pod[], pdb: Pdb, now: number): { disrupted: Record<string, string>; recheckAt?: number; expired: Pod[] } {
  const recorded = pdb.status?.disruptedPods ?? {};
  const disrupted: Record<string, string> = {};
  const expired: Pod[] = [];
  let recheckAt: number | undefined;
  for (const p of pods) {
    if (p.metadata?.deletionTimestamp) continue;
    const at = recorded[String(p.metadata?.name)];
    if (at === undefined) continue;
    const expectedDeletion = Date.parse(at) + DELETION_TIMEOUT_MS;
    if (Number.isNaN(expectedDeletion) || expectedDeletion < now) {
      expired.push(p);
      continue;
    }
    if (recheckAt === undefined || expectedDeletion < recheckAt) recheckAt = expectedDeletion;
    disrupted[String(p.metadata?.name)] = at;
  }
  return { disrupted, recheckAt, expired };
}

/** Ready pods that are neither being deleted nor just evicted. */
export function countHealthyPods(pods: Pod[], disrupted: Record<string, string>, now: number): number {
  let healthy = 0;
  for (const p of pods) {
    if (p.metadata?.deletionTimestamp) continue;
    const at = disrupted[String(p.metadata?.name)];
    if (at !== undefined && Date.parse(at) + DELETION_TIMEOUT_MS > now) continue;
    if (isPodReady(p)) healthy++;
  }
  return healthy;
}

/** apimeta.SetStatusCondition: lastTransitionTime moves only when the status changes. */
export function setCondition(conditions: PdbCondition[] | undefined, c: Omit<PdbCondition, 'lastTransitionTime'>, now: number): PdbCondition[] {
  const list = conditions ?? [];
  const prior = list.find((x) => x.type === c.type);
  const next: PdbCondition = { ...c, lastTransitionTime: prior && prior.status === c.status ? prior.lastTransitionTime : stamp(now) };
  return prior ? list.map((x) => (x.type === c.type ? next : x)) : [...list, next];
}

/** pdbhelper.UpdateDisruptionAllowedCondition. */
export function withAllowedCondition(status: PdbStatus, now: number): PdbStatus {
  const allowed = (status.disruptionsAllowed ?? 0) > 0;
  const conditions = setCondition(
    status.conditions,
    { type: DISRUPTION_ALLOWED, status: allowed ? 'True' : 'False', reason: allowed ? SUFFICIENT_PODS : INSUFFICIENT_PODS, message: '', observedGeneration: status.observedGeneration },
    now,
  );
  return { ...status, conditions };
}

/** pdbhelper.ConditionsAreUpToDate. */
export function conditionsUpToDate(pdb: Pdb): boolean {
  const st = pdb.status ?? {};
  const c = st.conditions?.find((x) => x.type === DISRUPTION_ALLOWED);
  if (!c || (st.observedGeneration ?? 0) !== (pdb.metadata?.generation ?? 0)) return false;
  return (st.disruptionsAllowed ?? 0) > 0 ? c.status === 'True' && c.reason === SUFFICIENT_PODS : c.status === 'False' && c.reason === INSUFFICIENT_PODS;
}

export interface Counts {
  currentHealthy: number;
  desiredHealthy: number;
  expectedPods: number;
  disruptedPods: Record<string, string>;
}

function sameMap(a: Record<string, string> | undefined, b: Record<string, string>): boolean {
  const ka = Object.keys(a ?? {});
  return ka.length === Object.keys(b).length && ka.every((k) => a![k] === b[k]);
}

/** The new status, or undefined when the current one already says it (upstream updatePdbStatus). */
export function nextStatus(pdb: Pdb, c: Counts, now: number): PdbStatus | undefined {
  let allowed = c.currentHealthy - c.desiredHealthy;
  // A PDB that selects no pods yet stays safe until its first pods are counted.
  if (c.expectedPods <= 0 || allowed <= 0) allowed = 0;
  const st = pdb.status ?? {};
  const generation = pdb.metadata?.generation ?? 0;
  if (
    (st.currentHealthy ?? 0) === c.currentHealthy &&
    (st.desiredHealthy ?? 0) === c.desiredHealthy &&
    (st.expectedPods ?? 0) === c.expectedPods &&
    (st.disruptionsAllowed ?? 0) === allowed &&
    sameMap(st.disruptedPods, c.disruptedPods) &&
    (st.observedGeneration ?? 0) === generation &&
    conditionsUpToDate(pdb)
  )
    return undefined;
  const next: PdbStatus = {
    observedGeneration: generation,
    disruptionsAllowed: allowed,
    currentHealthy: c.currentHealthy,
    desiredHealthy: c.desiredHealthy,
    expectedPods: c.expectedPods,
    conditions: st.conditions,
  };
  if (Object.keys(c.disruptedPods).length) next.disruptedPods = c.disruptedPods;
  return withAllowedCondition(next, now);
}
