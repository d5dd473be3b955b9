// manageReplicas (upstream replica_set.go): create missing pods in slow-start
// batches, or delete the surplus chosen by rank, at most `burst` per sync,
// with expectations so the next sync waits for the informer to catch up.
import type { KubeObject } from '../../apiserver/types.js';
import { ApiError } from '../../client/types.js';
import { isNotFound } from '../../client/errors.js';
import { newControllerRef } from '../controller-ref.js';
import { slowStartBatch } from '../expectations.js';
import { podFromTemplate, type PodControl } from '../pod-control.js';
import type { PodExpectations } from './expectations.js';
import { desiredReplicas, type ReplicaKind, type ReplicaOwner } from './kinds.js';
import type { Pod } from './pods.js';
import { podsToDelete } from './rank.js';

/** Upstream's BurstReplicas: creates or deletes per sync. */
export const BURST_REPLICAS = 500;
export const SLOW_START_INITIAL_BATCH = 1;

export class NoLabelsError extends Error {
  constructor() {
    super('unable to create pods, no labels');
    this.name = 'NoLabelsError';
  }
}

export interface ManageDeps {
  kind: ReplicaKind;
  podControl: PodControl;
  expectations: PodExpectations;
  burst: number;
  /** Active pods of every ReplicaSet with the same owner (for the deletion rank). */
  relatedPods(owner: ReplicaOwner): Pod[];
}

function isNamespaceTerminating(e: unknown): boolean {
  const causes = ((e instanceof ApiError ? e.status : undefined) as { details?: { causes?: Array<{ reason?: string }> } } | undefined)?.details?.causes;
  return !!causes?.some((c) => c.reason === 'NamespaceTerminating');
}

/** `<name>-` as generateName, or the bare name when the dash would make it too long. */
export function podsPrefix(name: string): string {
  return name.length + 1 > 253 ? name : `${name}-`;
}

export const podKey = (p: KubeObject): string => `${p.metadata?.namespace}/${p.metadata?.name}`;

export async function manageReplicas(d: ManageDeps, key: string, owner: ReplicaOwner, pods: Pod[]): Promise<void> {
  const want = desiredReplicas(owner);
  let diff = pods.length - want;
  const ns = owner.metadata?.namespace ?? '';
  const name = String(owner.metadata?.name);
  if (diff < 0) {
    diff = Math.min(-diff, d.burst);
    d.expectations.expectCreations(key, diff);
    const template = owner.spec?.template ?? {};
    const ref = newControllerRef(owner, d.kind.apiVersion, d.kind.kind);
    const { ok, error } = await slowStartBatch(diff, SLOW_START_INITIAL_BATCH, async () => {
      if (!Object.keys(template.metadata?.labels ?? {}).length) throw new NoLabelsError();
      const pod = podFromTemplate(template, owner, ref, { generateName: podsPrefix(name) });
      try {
        await d.podControl.createPod(pod, owner, d.kind.kind, d.kind.apiVersion);
      } catch (e) {
        // Creates in a terminating namespace fail anyway: nothing to retry.
        if (!isNamespaceTerminating(e)) throw e;
      }
    });
    // Pods never created will not be observed: lower the expectation for each.
    for (let i = ok; i < diff; i++) d.expectations.creationObserved(key);
    if (error) throw error;
    return;
  }
  if (diff > 0) {
    diff = Math.min(diff, d.burst);
    const victims = podsToDelete(pods, d.relatedPods(owner), diff);
    d.expectations.expectDeletions(key, victims.map(podKey));
    const results = await Promise.allSettled(
      victims.map(async (p) => {
        try {
          await d.podControl.deletePod(ns, String(p.metadata?.name), owner, d.kind.kind, d.kind.apiVersion);
        } catch (e) {
          // Not deleted: the informer will not see it go.
          d.expectations.deletionObserved(key, podKey(p));
          if (!isNotFound(e)) throw e;
        }
      }),
    );
    const failed = results.find((r) => r.status === 'rejected') as PromiseRejectedResult | undefined;
    if (failed) throw failed.reason as Error;
  }
}
