// The PV controller's writes (upstream's bind, bindVolumeToClaim,
// bindClaimToVolume, updateClaimStatus, updateVolumePhase, unbindVolume):
// each writes only when something changes and returns the stored object so
// the next step builds on it.
import type { Recorder, EventType } from '../../agent/events.js';
import type { Informer, ResourceClient } from '../../client/types.js';
import type { Node } from '../../scheduler/framework/types.js';
import { ANN_BIND_COMPLETED, ANN_BOUND_BY_CONTROLLER, PVCS, PVS, type PV, type PVC, type StorageClass } from './constants.js';
import { hasAnnotation, isVolumeBoundToClaim } from './helpers.js';
import { timestamp } from '../../apiserver/registry/meta.js';

export interface BinderDeps {
  client: ResourceClient;
  recorder: Recorder;
  claims: Informer<PVC>;
  volumes: Informer<PV>;
  classes: Informer<StorageClass>;
  nodes: Informer<Node>;
  enqueueClaim(key: string): void;
  enqueueVolume(name: string): void;
  log(line: string): void;
  /** Claims whose retroactive default class was refused by the API server. */
  noRetroactive: Set<string>;
}

const clone = <T>(v: T): T => structuredClone(v);

export function claimRef(pvc: PVC): NonNullable<NonNullable<PV['spec']>['claimRef']> {
  return {
    kind: 'PersistentVolumeClaim',
    apiVersion: 'v1',
    namespace: pvc.metadata?.namespace,
    name: pvc.metadata?.name,
    uid: pvc.metadata?.uid,
    resourceVersion: pvc.metadata?.resourceVersion,
  };
}

export function pvcEvent(d: BinderDeps, pvc: PVC, type: EventType, reason: string, message: string): void {
  d.recorder.event(
    { kind: 'PersistentVolumeClaim', apiVersion: 'v1', namespace: pvc.metadata?.namespace, name: pvc.metadata?.name ?? '', uid: pvc.metadata?.uid, resourceVersion: pvc.metadata?.resourceVersion },
    type,
    reason,
    message,
  );
}

export function pvEvent(d: BinderDeps, pv: PV, type: EventType, reason: string, message: string): void {
  d.recorder.event({ kind: 'PersistentVolume', apiVersion: 'v1', name: pv.metadata?.name ?? '', uid: pv.metadata?.uid, resourceVersion: pv.metadata?.resourceVersion }, type, reason, message);
}

function setAnnotation(o: PV | PVC, key: string, value: string): void {
  const m = (o.metadata ??= {});
  (m.annotations ??= {})[key] = value;
}

export async function updateVolumePhase(d: BinderDeps, pv: PV, phase: string, message = ''): Promise<PV> {
  if (pv.status?.phase === phase) return pv;
  const next = clone(pv) as PV & { status: Record<string, unknown> };
  next.status = { ...(pv.status ?? {}), phase, lastPhaseTransitionTime: timestamp(new Date()) };
  if (message) next.status.message = message;
  else delete next.status.message;
  return d.client.update<PV>(PVS, '', next, { subresource: 'status' });
}

export async function updateVolumePhaseWithEvent(d: BinderDeps, pv: PV, phase: string, type: EventType, reason: string, message: string): Promise<PV> {
  if (pv.status?.phase === phase) return pv;
  const out = await updateVolumePhase(d, pv, phase, message);
  pvEvent(d, out, type, reason, message);
  return out;
}

/** Sets phase, and accessModes/capacity from the volume (cleared without one). */
export async function updateClaimStatus(d: BinderDeps, pvc: PVC, phase: string, pv?: PV): Promise<PVC> {
  const next = clone(pvc) as PVC & { status?: Record<string, unknown> };
  const st = (next.status ??= {});
  let dirty = st.phase !== phase;
  st.phase = phase;
  if (!pv) {
    if (st.accessModes || st.capacity) dirty = true;
    delete st.accessModes;
    delete st.capacity;
  } else {
    if (JSON.stringify(st.accessModes) !== JSON.stringify(pv.spec?.accessModes)) {
      st.accessModes = clone(pv.spec?.accessModes);
      dirty = true;
    }
    if (JSON.stringify(st.capacity) !== JSON.stringify(pv.spec?.capacity)) {
      st.capacity = clone(pv.spec?.capacity);
      dirty = true;
    }
  }
  if (!dirty) return pvc;
  return d.client.update<PVC>(PVCS, pvc.metadata?.namespace ?? '', next, { subresource: 'status' });
}

export async function updateClaimStatusWithEvent(d: BinderDeps, pvc: PVC, phase: string, type: EventType, reason: string, message: string): Promise<PVC> {
  if (pvc.status?.phase === phase) return pvc;
  const out = await updateClaimStatus(d, pvc, phase);
  pvcEvent(d, out, type, reason, message);
  return out;
}

async function bindVolumeToClaim(d: BinderDeps, pv: PV, pvc: PVC): Promise<PV> {
  const byController = !isVolumeBoundToClaim(pv, pvc);
  const next = clone(pv);
  let dirty = false;
  const ref = pv.spec?.claimRef;
  if (!ref || ref.name !== pvc.metadata?.name || ref.namespace !== pvc.metadata?.namespace || ref.uid !== pvc.metadata?.uid) {
    (next.spec ??= {}).claimRef = claimRef(pvc);
    dirty = true;
  }
  if (byController && !hasAnnotation(next, ANN_BOUND_BY_CONTROLLER)) {
    setAnnotation(next, ANN_BOUND_BY_CONTROLLER, 'yes');
    dirty = true;
  }
  return dirty ? d.client.update<PV>(PVS, '', next) : pv;
}

async function bindClaimToVolume(d: BinderDeps, pvc: PVC, pv: PV): Promise<PVC> {
  const name = pv.metadata?.name ?? '';
  const next = clone(pvc);
  let dirty = false;
  if (next.spec?.volumeName !== name) {
    (next.spec ??= {}).volumeName = name;
    if (!hasAnnotation(next, ANN_BOUND_BY_CONTROLLER)) setAnnotation(next, ANN_BOUND_BY_CONTROLLER, 'yes');
    dirty = true;
  }
  if (!hasAnnotation(next, ANN_BIND_COMPLETED)) {
    setAnnotation(next, ANN_BIND_COMPLETED, 'yes');
    dirty = true;
  }
  return dirty ? d.client.update<PVC>(PVCS, pvc.metadata?.namespace ?? '', next) : pvc;
}

/** Binds both ways and marks both Bound; the volume is saved first. */
export async function bind(d: BinderDeps, pv: PV, pvc: PVC): Promise<void> {
  let v = await bindVolumeToClaim(d, pv, pvc);
  v = await updateVolumePhase(d, v, 'Bound');
  const c = await bindClaimToVolume(d, pvc, v);
  await updateClaimStatus(d, c, 'Bound', v);
}

/** Rolls back a binding: the controller's claimRef goes; a user's pre-binding keeps the name but loses the UID. */
export async function unbindVolume(d: BinderDeps, pv: PV): Promise<void> {
  const next = clone(pv);
  if (hasAnnotation(pv, ANN_BOUND_BY_CONTROLLER)) {
    delete next.spec!.claimRef;
    delete next.metadata!.annotations![ANN_BOUND_BY_CONTROLLER];
  } else if (next.spec?.claimRef) {
    delete next.spec.claimRef.uid;
  }
  const out = await d.client.update<PV>(PVS, '', next);
  await updateVolumePhase(d, out, 'Available');
}
