// The pod's claims as VolumeBinding sees them at PreFilter (upstream's
// GetPodVolumeClaims): bound ones with their volumes, unbound
// WaitForFirstConsumer ones to be decided per node, and the reasons a pod
// cannot be scheduled anywhere.
import type { Informer } from '../../../client/types.js';
import { effectiveClass, NOT_SUPPORTED_PROVISIONER } from '../../../controllers/storage/binder-claim.js';
import type { PV, PVC, StorageClass } from '../../../controllers/storage/constants.js';
import { findBestMatch, volumeFitsNode } from '../../../controllers/storage/match.js';
import { matchAnyTerm } from '../helpers/node-selector.js';
import type { Node, Pod } from '../../framework/types.js';
import { Status } from '../../framework/status.js';

export const ERR_UNBOUND_IMMEDIATE = 'pod has unbound immediate PersistentVolumeClaims';
export const ERR_NODE_CONFLICT = 'node(s) had volume node affinity conflict';
export const ERR_BIND_CONFLICT = "node(s) didn't find available persistent volumes to bind";

export interface VolumeCaches {
  claims: Informer<PVC>;
  volumes: Informer<PV>;
  classes: Informer<StorageClass>;
}

export interface PodVolumes {
  bound: PV[];
  /** Unbound claims of WaitForFirstConsumer classes. */
  delayed: PVC[];
}

/** Claim names the pod's volumes use: persistentVolumeClaim, and generic ephemeral volumes (`<pod>-<volume>`). */
export function podClaimNames(pod: Pod): Array<{ name: string; ephemeral: boolean }> {
  const out: Array<{ name: string; ephemeral: boolean }> = [];
  for (const v of pod.spec?.volumes ?? []) {
    if (v.persistentVolumeClaim?.claimName) out.push({ name: v.persistentVolumeClaim.claimName, ephemeral: false });
    else if (v.ephemeral) out.push({ name: `${pod.metadata?.name}-${v.name}`, ephemeral: true });
  }
  return out;
}

/** The pod's claims sorted out, or the status that rejects it everywhere. */
export function podVolumes(c: VolumeCaches, pod: Pod): PodVolumes | Status {
  const ns = pod.metadata?.namespace ?? '';
  const out: PodVolumes = { bound: [], delayed: [] };
  let immediateUnbound = false;
  for (const { name, ephemeral } of podClaimNames(pod)) {
    const pvc = c.claims.get(`${ns}/${name}`);
    if (!pvc) {
      return Status.unresolvable(ephemeral ? `waiting for ephemeral volume controller to create the persistentvolumeclaim "${name}"` : `persistentvolumeclaim "${name}" not found`);
    }
    if (pvc.metadata?.deletionTimestamp) return Status.unresolvable(`persistentvolumeclaim "${name}" is being deleted`);
    const volumeName = pvc.spec?.volumeName;
    if (volumeName) {
      const pv = c.volumes.get(volumeName);
      if (!pv) return Status.unresolvable(`pvc ${name} bound to non-existent pv ${volumeName}`);
      out.bound.push(pv);
      continue;
    }
    const sc = c.classes.get(effectiveClass(c, pvc));
    if (sc?.volumeBindingMode === 'WaitForFirstConsumer') out.delayed.push(pvc);
    else immediateUnbound = true;
  }
  if (immediateUnbound) return Status.unresolvable(ERR_UNBOUND_IMMEDIATE);
  return out;
}

/** Whether the class may provision on this node (its allowedTopologies, if any). */
function classAllowsNode(sc: StorageClass, node: Node): boolean {
  const terms = sc.allowedTopologies;
  if (!terms?.length) return true;
  return matchAnyTerm(
    terms.map((t) => ({ matchExpressions: (t.matchLabelExpressions ?? []).map((e) => ({ key: e.key, operator: 'In', values: [...e.values] })) })),
    node,
  );
}

/** Filter: bound volumes must reach the node; delayed claims need a static volume there or a provisioner. */
export function filterNode(c: VolumeCaches, pv: PodVolumes, node: Node): Status | undefined {
  for (const v of pv.bound) if (!volumeFitsNode(v, node)) return Status.unresolvable(ERR_NODE_CONFLICT);
  for (const pvc of pv.delayed) {
    const className = effectiveClass(c, pvc);
    if (findBestMatch(pvc, c.volumes.list(), { className, delayBinding: true, node })) continue;
    const sc = c.classes.get(className);
    if (sc && sc.provisioner !== NOT_SUPPORTED_PROVISIONER && classAllowsNode(sc, node)) continue;
    return Status.unresolvable(ERR_BIND_CONFLICT);
  }
  return undefined;
}
