// A stateful pod's identity (upstream stateful_set_utils.go): its name
// `<set>-<ordinal>`, hostname and subdomain, the pod-name / pod-index /
// controller-revision-hash labels, and its storage: one PVC per
// volumeClaimTemplate, named `<claim>-<set>-<ordinal>`, mounted as the
// template's volume name.
import { newControllerRef } from '../controller-ref.js';
import { podFromTemplate } from '../pod-control.js';
import {
  type Claim,
  type Pod,
  POD_INDEX_LABEL,
  POD_NAME_LABEL,
  REVISION_LABEL,
  SET_API_VERSION,
  SET_KIND,
  type StatefulSet,
  type Volume,
} from './types.js';

const NAME_RE = /^(.*)-([0-9]+)$/;

/** The parent set name and ordinal encoded in a pod's name; ordinal -1 when it has none. */
export function parentAndOrdinal(pod: Pod): { parent: string; ordinal: number } {
  const m = NAME_RE.exec(pod.metadata?.name ?? '');
  if (!m) return { parent: '', ordinal: -1 };
  const ordinal = Number(m[2]);
  return Number.isSafeInteger(ordinal) && ordinal <= 2 ** 31 - 1 ? { parent: m[1]!, ordinal } : { parent: '', ordinal: -1 };
}

export const ordinalOf = (pod: Pod): number => parentAndOrdinal(pod).ordinal;

export function isMemberOf(set: StatefulSet, pod: Pod): boolean {
  return parentAndOrdinal(pod).parent === set.metadata.name;
}

export const startOrdinal = (set: StatefulSet): number => set.spec.ordinals?.start ?? 0;
export const replicasOf = (set: StatefulSet): number => set.spec.replicas ?? 1;
/** The last ordinal in range (inclusive); start-1 when replicas is 0. */
export const endOrdinal = (set: StatefulSet): number => startOrdinal(set) + replicasOf(set) - 1;

export function inOrdinalRange(pod: Pod, set: StatefulSet): boolean {
  const o = ordinalOf(pod);
  return o >= startOrdinal(set) && o <= endOrdinal(set);
}

export const podName = (set: StatefulSet, ordinal: number): string => `${set.metadata.name}-${ordinal}`;
export const claimName = (set: StatefulSet, claim: Claim, ordinal: number): string => `${claim.metadata?.name}-${set.metadata.name}-${ordinal}`;

/** The PVCs a member pod needs, keyed by their template's name. */
export function claimsFor(set: StatefulSet, ordinal: number): Map<string, Claim> {
  const out = new Map<string, Claim>();
  for (const t of set.spec.volumeClaimTemplates ?? []) {
    const claim = structuredClone(t);
    const md = claim.metadata ?? {};
    const templateName = String(md.name ?? '');
    claim.metadata = { ...md, name: claimName(set, t, ordinal), namespace: set.metadata.namespace };
    claim.metadata.labels = { ...(md.labels ?? {}), ...(set.spec.selector?.matchLabels ?? {}) };
    claim.apiVersion = 'v1';
    claim.kind = 'PersistentVolumeClaim';
    delete (claim as { status?: unknown }).status;
    out.set(templateName, claim);
  }
  return out;
}

export function updateIdentity(set: StatefulSet, pod: Pod): void {
  const ordinal = ordinalOf(pod);
  pod.metadata.name = podName(set, ordinal);
  pod.metadata.namespace = set.metadata.namespace;
  pod.metadata.labels = { ...(pod.metadata.labels ?? {}), [POD_NAME_LABEL]: pod.metadata.name, [POD_INDEX_LABEL]: String(ordinal) };
}

export function identityMatches(set: StatefulSet, pod: Pod): boolean {
  const { parent, ordinal } = parentAndOrdinal(pod);
  return (
    ordinal >= 0 &&
    parent === set.metadata.name &&
    pod.metadata.name === podName(set, ordinal) &&
    pod.metadata.namespace === set.metadata.namespace &&
    pod.metadata.labels?.[POD_NAME_LABEL] === pod.metadata.name
  );
}

/** Puts one PVC volume per claim template first, keeping the pod's other volumes after. */
export function updateStorage(set: StatefulSet, pod: Pod): void {
  const claims = claimsFor(set, ordinalOf(pod));
  const volumes: Volume[] = [];
  for (const [name, claim] of claims) volumes.push({ name, persistentVolumeClaim: { claimName: String(claim.metadata.name), readOnly: false } });
  for (const v of pod.spec.volumes ?? []) if (!claims.has(v.name)) volumes.push(v);
  if (volumes.length) pod.spec.volumes = volumes;
}

export function storageMatches(set: StatefulSet, pod: Pod): boolean {
  const ordinal = ordinalOf(pod);
  if (ordinal < 0) return false;
  const volumes = new Map((pod.spec.volumes ?? []).map((v) => [v.name, v]));
  for (const t of set.spec.volumeClaimTemplates ?? []) {
    const v = volumes.get(String(t.metadata?.name));
    if (!v?.persistentVolumeClaim || v.persistentVolumeClaim.claimName !== claimName(set, t, ordinal)) return false;
  }
  return true;
}

export const podRevision = (pod: Pod): string => pod.metadata.labels?.[REVISION_LABEL] ?? '';

/** A new member pod of `set` at `ordinal` (upstream newStatefulSetPod), not yet labelled with a revision. */
export function newStatefulPod(set: StatefulSet, ordinal: number): Pod {
  const ref = newControllerRef(set, SET_API_VERSION, SET_KIND);
  const pod = podFromTemplate(set.spec.template, set, ref, { name: podName(set, ordinal) }) as Pod;
  pod.spec ??= {};
  updateIdentity(set, pod);
  pod.spec.hostname = pod.metadata.name;
  if (set.spec.serviceName) pod.spec.subdomain = set.spec.serviceName;
  updateStorage(set, pod);
  return pod;
}

/**
 * The pod for `ordinal` at the right revision (upstream newVersionedStatefulSetPod):
 * ordinals below the partition (or, without a rollingUpdate, below
 * start + currentReplicas) stay at the current revision.
 */
export function newVersionedPod(currentSet: StatefulSet, updateSet: StatefulSet, currentRevision: string, updateRevision: string, ordinal: number): Pod {
  const strategy = currentSet.spec.updateStrategy;
  const ru = strategy?.rollingUpdate;
  const start = startOrdinal(currentSet);
  const useCurrent =
    ((strategy?.type ?? 'RollingUpdate') === 'RollingUpdate' && !ru && ordinal < start + (currentSet.status?.currentReplicas ?? 0)) ||
    (!!ru && ordinal < start + (ru.partition ?? 0));
  const pod = newStatefulPod(useCurrent ? currentSet : updateSet, ordinal);
  pod.metadata.labels = { ...(pod.metadata.labels ?? {}), [REVISION_LABEL]: useCurrent ? currentRevision : updateRevision };
  return pod;
}
