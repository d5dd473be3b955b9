// persistentVolumeClaimRetentionPolicy through owner references on PVCs
// (upstream StatefulSetAutoDeletePVC): the garbage collector deletes a claim
// whose owner is gone, so
//   whenScaled=Retain, whenDeleted=Retain: no refs from us
//   whenScaled=Retain, whenDeleted=Delete: a controller ref to the set
//   whenScaled=Delete, whenDeleted=Retain: a controller ref to the pod once it is scaled away
//   whenScaled=Delete, whenDeleted=Delete: the set while in range, the pod once scaled away
// Claims with stale refs (same name, other UID) or another controller are left alone.
import { newControllerRef, type OwnerReference, ownerReferences } from '../controller-ref.js';
import { inOrdinalRange } from './identity.js';
import { type Claim, type Pod, type RetentionType, SET_API_VERSION, SET_KIND, type StatefulSet } from './types.js';

export interface RetentionPolicy {
  whenDeleted: RetentionType;
  whenScaled: RetentionType;
}

export function retentionPolicy(set: StatefulSet): RetentionPolicy {
  const p = set.spec.persistentVolumeClaimRetentionPolicy ?? {};
  return { whenDeleted: p.whenDeleted === 'Delete' ? 'Delete' : 'Retain', whenScaled: p.whenScaled === 'Delete' ? 'Delete' : 'Retain' };
}

interface Owner {
  uid?: string;
  name?: string;
  apiVersion: string;
  kind: string;
}

const setOwner = (set: StatefulSet): Owner => ({ uid: set.metadata.uid, name: set.metadata.name, apiVersion: SET_API_VERSION, kind: SET_KIND });
const podOwner = (pod: Pod): Owner => ({ uid: pod.metadata.uid, name: pod.metadata.name, apiVersion: 'v1', kind: 'Pod' });

const matchesRef = (ref: OwnerReference, o: Owner): boolean => ref.name === o.name && ref.apiVersion === o.apiVersion && ref.kind === o.kind;
const hasOwnerRef = (claim: Claim, o: Owner): boolean => !!o.uid && ownerReferences(claim).some((r) => r.uid === o.uid);

/** A ref naming the owner whose UID differs: left by an earlier incarnation. */
export function hasStaleOwnerRef(claim: Claim, o: Owner): boolean {
  const ref = ownerReferences(claim).find((r) => matchesRef(r, o));
  return !!ref && ref.uid !== o.uid;
}

export const claimHasStalePodRef = (claim: Claim, pod: Pod): boolean => hasStaleOwnerRef(claim, podOwner(pod));

/** With a deleting policy, a controller other than this set or pod (or a stale ref to them). */
export function hasUnexpectedController(claim: Claim, set: StatefulSet, pod: Pod): boolean {
  const policy = retentionPolicy(set);
  if (policy.whenScaled === 'Retain' && policy.whenDeleted === 'Retain') return false;
  const s = setOwner(set);
  const p = podOwner(pod);
  for (const ref of ownerReferences(claim)) {
    if (matchesRef(ref, s)) {
      if (ref.uid !== s.uid) return true;
      continue;
    }
    if (matchesRef(ref, p)) {
      if (ref.uid !== p.uid) return true;
      continue;
    }
    if (ref.controller === true) return true;
  }
  return false;
}

function hasNonControllerOwner(claim: Claim, set: StatefulSet, pod: Pod): boolean {
  return ownerReferences(claim).some((r) => (r.uid === set.metadata.uid || r.uid === pod.metadata.uid) && r.controller !== true);
}

/** Whether the claim's refs already say what the policy wants (upstream isClaimOwnerUpToDate). */
export function claimOwnerUpToDate(claim: Claim, set: StatefulSet, pod: Pod): boolean {
  const s = setOwner(set);
  const p = podOwner(pod);
  if (hasStaleOwnerRef(claim, s) || hasStaleOwnerRef(claim, p)) return true;
  if (hasUnexpectedController(claim, set, pod)) return !(hasOwnerRef(claim, s) || hasOwnerRef(claim, p));
  if (hasNonControllerOwner(claim, set, pod)) return false;
  const { wantSet, wantPod } = wantedRefs(set, pod);
  return hasOwnerRef(claim, s) === wantSet && hasOwnerRef(claim, p) === wantPod;
}

function wantedRefs(set: StatefulSet, pod: Pod): { wantSet: boolean; wantPod: boolean } {
  const policy = retentionPolicy(set);
  const scaledDown = !inOrdinalRange(pod, set);
  if (policy.whenScaled === 'Retain') return { wantSet: policy.whenDeleted === 'Delete', wantPod: false };
  if (policy.whenDeleted === 'Retain') return { wantSet: false, wantPod: scaledDown };
  return { wantSet: !scaledDown, wantPod: scaledDown };
}

/** The claim's ownerReferences rewritten for the policy (upstream updateClaimOwnerRefForSetAndPod). */
export function claimRefsForPolicy(claim: Claim, set: StatefulSet, pod: Pod): OwnerReference[] {
  const s = setOwner(set);
  const p = podOwner(pod);
  const unexpected = hasUnexpectedController(claim, set, pod);
  const refs = ownerReferences(claim).filter((r) => !matchesRef(r, s) && !matchesRef(r, p));
  if (unexpected) return refs;
  const { wantSet, wantPod } = wantedRefs(set, pod);
  if (wantPod && pod.metadata.uid) refs.push(newControllerRef(pod, 'v1', 'Pod'));
  if (wantSet) refs.push(newControllerRef(set, SET_API_VERSION, SET_KIND));
  return refs;
}
