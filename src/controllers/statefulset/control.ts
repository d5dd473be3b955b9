// The StatefulSet's core update (upstream defaultStatefulSetControl.updateStatefulSet):
// split pods into replicas (ordinals in range) and condemned; create missing
// and replace failed replicas; with OrderedReady, one pod at a time in
// ordinal order, each Running and Ready (and available) before the next, and
// scale-down one pod at a time from the highest ordinal; with Parallel, all at
// once. Then the rolling update: delete the highest-ordinal pod (at or above
// the partition) that is not at the update revision, one at a time (or up to
// maxUnavailable), waiting for unhealthy pods.
import { isNotFound } from '../../client/errors.js';
import { slowStartBatch } from '../expectations.js';
import { applyRevision } from './history.js';
import { scaledValue } from '../intstr.js';
import { endOrdinal, identityMatches, inOrdinalRange, newVersionedPod, ordinalOf, podRevision, replicasOf, startOrdinal, storageMatches } from './identity.js';
import { isCreated, isFailed, isHealthy, isPending, isRunningAndAvailable, isRunningAndReady, isSucceeded, isTerminating } from './pod-state.js';
import type { SetRevisions } from './revisions.js';
import type { StatefulPodControl } from './stateful-pod-control.js';
import { applyCounts } from './status.js';
import type { Pod, StatefulSet, StatefulSetStatus } from './types.js';

/** A step's verdict: stop processing this round (true) or carry on. */
type Step = (i: number) => Promise<boolean>;

async function runForAll(count: number, step: Step, monotonic: boolean): Promise<boolean> {
  if (monotonic) {
    for (let i = 0; i < count; i++) if (await step(i)) return true;
    return false;
  }
  const { error } = await slowStartBatch(count, 1, async (i) => void (await step(i)));
  if (error) throw error;
  return false;
}

/** intstr maxUnavailable scaled against replicas, rounded down, at least 1. */
export function maxUnavailableOf(set: StatefulSet): number {
  const v = set.spec.updateStrategy?.rollingUpdate?.maxUnavailable;
  const replicas = replicasOf(set);
  return Math.max(1, scaledValue(v ?? 1, replicas, false));
}

export async function updateStatefulSet(control: StatefulPodControl, set: StatefulSet, revs: SetRevisions, pods: Pod[]): Promise<StatefulSetStatus> {
  const currentSet = applyRevision(set, revs.current);
  const updateSet = applyRevision(set, revs.update);
  const minReady = set.spec.minReadySeconds ?? 0;
  const status: StatefulSetStatus = {
    observedGeneration: set.metadata.generation,
    replicas: 0,
    currentRevision: String(revs.current.metadata.name),
    updateRevision: String(revs.update.metadata.name),
    collisionCount: revs.collisionCount,
  };
  applyCounts(status, minReady, pods);

  const start = startOrdinal(set);
  const replicas: Pod[] = new Array<Pod>(Math.max(0, replicasOf(set)));
  const condemned: Pod[] = [];
  for (const pod of pods) {
    if (inOrdinalRange(pod, set)) replicas[ordinalOf(pod) - start] = pod;
    else if (ordinalOf(pod) >= 0) condemned.push(pod);
  }
  for (let ord = start; ord <= endOrdinal(set); ord++) {
    replicas[ord - start] ??= newVersionedPod(currentSet, updateSet, status.currentRevision!, status.updateRevision!, ord);
  }
  condemned.sort((a, b) => ordinalOf(b) - ordinalOf(a));
  const firstUnhealthy = replicas.find((p) => !isHealthy(p)) ?? [...condemned].reverse().find((p) => !isHealthy(p));

  if (set.metadata.deletionTimestamp) return status;
  const monotonic = set.spec.podManagementPolicy !== 'Parallel';
  const finish = (): StatefulSetStatus => (applyCounts(status, minReady, replicas, condemned), status);

  const processReplica: Step = async (i) => {
    const pod = replicas[i]!;
    if (isFailed(pod) || isSucceeded(pod)) {
      // Delete it; the next sync (on the delete event) creates the replacement.
      if (!isTerminating(pod)) await control.deletePod(set, pod);
      return true;
    }
    if (!isCreated(pod)) {
      if (control.podClaimIsStale(set, pod)) return true;
      await control.createPod(set, pod);
      if (monotonic) return true;
    }
    if (isPending(pod)) await control.createMissingClaims(set, pod);
    if (isTerminating(pod) && monotonic) return true;
    if (!isRunningAndReady(pod) && monotonic) return true;
    if (!isRunningAndAvailable(pod, minReady) && monotonic) return true;
    if (identityMatches(set, pod) && storageMatches(set, pod) && control.claimsMatchRetention(updateSet, pod)) return false;
    await control.updatePod(updateSet, pod);
    return false;
  };
  try {
    if (await runForAll(replicas.length, processReplica, monotonic)) return finish();
    const fixClaims: Step = async (i) => {
      if (!control.claimsMatchRetention(updateSet, condemned[i]!)) await control.updateClaimsForRetention(updateSet, condemned[i]!);
      return false;
    };
    if (await runForAll(condemned.length, fixClaims, monotonic)) return finish();
    const processCondemned: Step = async (i) => {
      const pod = condemned[i]!;
      if (isTerminating(pod)) return monotonic;
      if (monotonic && pod !== firstUnhealthy && (!isRunningAndReady(pod) || !isRunningAndAvailable(pod, minReady))) return true;
      await control.deletePod(set, pod);
      return true;
    };
    if (await runForAll(condemned.length, processCondemned, monotonic)) return finish();
  } catch (e) {
    finish();
    throw new SyncError(status, e as Error);
  }
  finish();

  if (set.spec.updateStrategy?.type === 'OnDelete') return status;
  try {
    await rollingUpdate(control, set, replicas, status);
  } catch (e) {
    throw new SyncError(status, e as Error);
  }
  return status;
}

async function rollingUpdate(control: StatefulPodControl, set: StatefulSet, replicas: Pod[], status: StatefulSetStatus): Promise<void> {
  const ru = set.spec.updateStrategy?.rollingUpdate;
  const updateMin = ru?.partition ?? 0;
  const outdated = (p: Pod): boolean => podRevision(p) !== status.updateRevision && !isTerminating(p);
  const del = async (p: Pod): Promise<void> => {
    try {
      await control.deletePod(set, p);
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
    status.currentReplicas = (status.currentReplicas ?? 0) - 1;
  };
  if (ru?.maxUnavailable !== undefined && ru.maxUnavailable !== null) {
    // maxUnavailable: replace up to that many pods at once, counting already-unhealthy ones.
    const unavailable = replicas.filter((p) => !isHealthy(p)).length;
    let budget = maxUnavailableOf(set) - unavailable;
    for (let t = replicas.length - 1; t >= updateMin && budget > 0; t--) {
      if (outdated(replicas[t]!)) {
        await del(replicas[t]!);
        budget--;
      }
    }
    return;
  }
  for (let t = replicas.length - 1; t >= updateMin; t--) {
    if (outdated(replicas[t]!)) return del(replicas[t]!);
    if (!isHealthy(replicas[t]!)) return;
  }
}

/** A failed sync that still computed a status worth writing. */
export class SyncError extends Error {
  constructor(
    readonly status: StatefulSetStatus,
    readonly error: Error,
  ) {
    super(error.message);
    this.name = 'SyncError';
  }
}
