// Small facts about claims, volumes and classes shared by the binder, the
// provisioner, the scheduler's VolumeBinding plugin and the agent.
import { tryParseQuantity } from '../../apiserver/validation/quantity.js';
import {
  ANN_BETA_DEFAULT_CLASS, ANN_BETA_STORAGE_CLASS, ANN_DEFAULT_CLASS, type PV, type PVC, type StorageClass,
} from './constants.js';

export function annotations(o: { metadata?: { annotations?: Record<string, string> } }): Record<string, string> {
  return o.metadata?.annotations ?? {};
}

export function hasAnnotation(o: { metadata?: { annotations?: Record<string, string> } }, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(annotations(o), key);
}

export function claimKey(pvc: PVC): string {
  return `${pvc.metadata?.namespace ?? ''}/${pvc.metadata?.name ?? ''}`;
}

export function isDefaultClass(sc: StorageClass): boolean {
  const a = annotations(sc);
  return a[ANN_DEFAULT_CLASS] === 'true' || a[ANN_BETA_DEFAULT_CLASS] === 'true';
}

/** The default class's name: the newest class marked default (upstream's GetDefaultClass), or ''. */
export function defaultClassName(classes: StorageClass[]): string {
  const defaults = classes.filter(isDefaultClass);
  defaults.sort((a, b) => {
    const t = String(b.metadata?.creationTimestamp ?? '').localeCompare(String(a.metadata?.creationTimestamp ?? ''));
    return t !== 0 ? t : String(a.metadata?.name).localeCompare(String(b.metadata?.name));
  });
  return defaults[0]?.metadata?.name ?? '';
}

/**
 * The claim's class: the beta annotation, then spec.storageClassName. A claim
 * that names no class at all (nil, not "") gets the default class, as
 * upstream's DefaultStorageClass admission (and the binder's retroactive
 * assignment) would have set it; "" means "no class".
 */
export function claimClass(pvc: PVC, defaultClass = ''): string {
  const beta = annotations(pvc)[ANN_BETA_STORAGE_CLASS];
  if (beta !== undefined) return beta;
  const s = pvc.spec?.storageClassName;
  if (s === undefined || s === null) return defaultClass;
  return s;
}

/** True when the claim names no class (nil storageClassName, no beta annotation). */
export function claimHasNoClass(pvc: PVC): boolean {
  const s = pvc.spec?.storageClassName;
  return (s === undefined || s === null) && annotations(pvc)[ANN_BETA_STORAGE_CLASS] === undefined;
}

export function volumeClass(pv: PV): string {
  return annotations(pv)[ANN_BETA_STORAGE_CLASS] ?? pv.spec?.storageClassName ?? '';
}

export function requestedBytes(pvc: PVC): number {
  return tryParseQuantity(pvc.spec?.resources?.requests?.storage) ?? 0;
}

export function capacityBytes(pv: PV): number {
  return tryParseQuantity(pv.spec?.capacity?.storage) ?? 0;
}

/** The volume's claimRef points at this claim (by name, and by UID once the UID is set). */
export function isVolumeBoundToClaim(pv: PV, pvc: PVC): boolean {
  const ref = pv.spec?.claimRef;
  if (!ref) return false;
  if (ref.name !== pvc.metadata?.name || ref.namespace !== pvc.metadata?.namespace) return false;
  return !ref.uid || ref.uid === pvc.metadata?.uid;
}

export function claimRefKey(pv: PV): string {
  const ref = pv.spec?.claimRef;
  return ref ? `${ref.namespace ?? ''}/${ref.name ?? ''}` : '';
}

/** Every access mode the claim asks for is offered by the volume. */
export function accessModesSatisfied(pvc: PVC, pv: PV): boolean {
  const offered = new Set(pv.spec?.accessModes ?? []);
  return (pvc.spec?.accessModes ?? []).every((m) => offered.has(m));
}

export function volumeModeOf(o: PV | PVC): string {
  return o.spec?.volumeMode ?? 'Filesystem';
}

/** Where a hostPath or local PV keeps its data, or undefined for other sources. */
export function volumeHostPath(pv: PV): string | undefined {
  return pv.spec?.hostPath?.path ?? pv.spec?.local?.path;
}
