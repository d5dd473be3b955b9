// syncNodes (upstream daemon_controller.go): create daemon pods on the given
// nodes in slow-start batches (each pinned to its node by node affinity) and
// delete the given pods, with expectations set first so the informer's echo
// of our own writes is not acted upon twice.
import { isNotFound } from '../../client/errors.js';
import type { ResourceClient } from '../../client/types.js';
import { newControllerRef } from '../controller-ref.js';
import { slowStartBatch } from '../expectations.js';
import { type PodControl, podFromTemplate, type PodTemplate } from '../pod-control.js';
import type { DsExpectations } from './expectations.js';
import { daemonPodTemplate, pinToNode } from './pods.js';
import { API_VERSION, type DaemonSet, KIND } from './types.js';

/** Upstream's BurstReplicas: at most this many creates (and deletes) per sync. */
export const BURST_REPLICAS = 250;

export interface SyncNodesDeps {
  client: ResourceClient;
  podControl: PodControl;
  expectations: DsExpectations;
}

export async function syncNodes(d: SyncNodesDeps, ds: DaemonSet, key: string, deletePods: string[], createOn: string[], hash: string): Promise<void> {
  const creates = createOn.slice(0, BURST_REPLICAS);
  const deletes = [...new Set(deletePods)].slice(0, BURST_REPLICAS);
  if (!creates.length && !deletes.length) return;
  d.expectations.set(key, creates.length, deletes.length);
  const ns = String(ds.metadata?.namespace);
  const errors: Error[] = [];
  if (creates.length) {
    const template = daemonPodTemplate(ds, hash);
    const ref = newControllerRef(ds, API_VERSION, KIND);
    let attempted = 0;
    const r = await slowStartBatch(creates.length, 1, async (i) => {
      attempted++;
      const pod = podFromTemplate(template as unknown as PodTemplate, ds, ref, { generateName: `${ds.metadata?.name}-` });
      (pod.spec as { affinity?: unknown }).affinity = pinToNode(template.spec?.affinity, creates[i]!);
      try {
        await d.podControl.createPod(pod, ds, KIND, API_VERSION);
      } catch (e) {
        d.expectations.creationObserved(key);
        throw e;
      }
    });
    // Creations never attempted will never be observed.
    if (attempted < creates.length) d.expectations.creationObserved(key, creates.length - attempted);
    if (r.error) errors.push(r.error);
  }
  const results = await Promise.allSettled(deletes.map((name) => d.podControl.deletePod(ns, name, ds, KIND, API_VERSION)));
  for (const res of results) {
    if (res.status === 'fulfilled') continue;
    d.expectations.deletionObserved(key);
    if (!isNotFound(res.reason)) errors.push(res.reason as Error);
  }
  if (errors.length) throw errors[0];
}
