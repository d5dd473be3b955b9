// syncClaim (upstream's syncUnboundClaim / syncBoundClaim): find or wait for
// a volume, hand the claim to its class's provisioner, keep bound claims
// Bound and mark them Lost when their volume goes.
import { ApiError } from '../../client/types.js';
import {
  ANN_BETA_STORAGE_PROVISIONER, ANN_BIND_COMPLETED, ANN_SELECTED_NODE, ANN_STORAGE_PROVISIONER, PVCS, type PVC, type StorageClass,
} from './constants.js';
import { bind, type BinderDeps, pvcEvent, updateClaimStatus, updateClaimStatusWithEvent } from './binder-ops.js';
import { annotations, claimClass, claimHasNoClass, defaultClassName, hasAnnotation, isVolumeBoundToClaim } from './helpers.js';
import { findBestMatch, volumeMismatch } from './match.js';

export const NOT_SUPPORTED_PROVISIONER = 'kubernetes.io/no-provisioner';

export function effectiveClass(d: Pick<BinderDeps, 'classes'>, pvc: PVC): string {
  return claimClass(pvc, defaultClassName(d.classes.list()));
}

export function isDelayBinding(d: Pick<BinderDeps, 'classes'>, pvc: PVC): boolean {
  const name = effectiveClass(d, pvc);
  return !!name && d.classes.get(name)?.volumeBindingMode === 'WaitForFirstConsumer';
}

export async function syncClaim(d: BinderDeps, pvc: PVC): Promise<void> {
  if (!hasAnnotation(pvc, ANN_BIND_COMPLETED)) return syncUnboundClaim(d, await assignDefaultClass(d, pvc));
  return syncBoundClaim(d, pvc);
}

/** Upstream's retroactive default class: a claim that names no class gets the default one. */
async function assignDefaultClass(d: BinderDeps, pvc: PVC): Promise<PVC> {
  const uid = pvc.metadata?.uid ?? '';
  if (!claimHasNoClass(pvc) || pvc.spec?.volumeName || d.noRetroactive.has(uid)) return pvc;
  const def = defaultClassName(d.classes.list());
  if (!def) return pvc;
  const next = structuredClone(pvc);
  next.spec = { ...(next.spec ?? {}), storageClassName: def };
  try {
    return await d.client.update<PVC>(PVCS, pvc.metadata?.namespace ?? '', next);
  } catch (e) {
    // An API server that keeps the class immutable: carry on with the default as the claim's effective class.
    if (e instanceof ApiError && (e.code === 422 || e.code === 400)) {
      d.noRetroactive.add(uid);
      return pvc;
    }
    throw e;
  }
}

async function syncUnboundClaim(d: BinderDeps, pvc: PVC): Promise<void> {
  const volumeName = pvc.spec?.volumeName ?? '';
  const className = effectiveClass(d, pvc);
  if (!volumeName) {
    const delay = isDelayBinding(d, pvc);
    const selected = annotations(pvc)[ANN_SELECTED_NODE];
    const node = selected ? d.nodes.get(selected) : undefined;
    const pv = findBestMatch(pvc, d.volumes.list(), { className, delayBinding: delay, node });
    if (pv) return bind(d, pv, pvc);
    if (delay && !selected) {
      pvcEvent(d, pvc, 'Normal', 'WaitForFirstConsumer', 'waiting for first consumer to be created before binding');
      await updateClaimStatus(d, pvc, 'Pending');
      return;
    }
    if (className) {
      const sc = d.classes.get(className);
      if (!sc) {
        pvcEvent(d, pvc, 'Warning', 'ProvisioningFailed', `storageclass.storage.k8s.io "${className}" not found`);
      } else if (sc.provisioner === NOT_SUPPORTED_PROVISIONER) {
        pvcEvent(d, pvc, 'Warning', 'ProvisioningFailed', `no volume plugin matched name: ${NOT_SUPPORTED_PROVISIONER}`);
      } else {
        pvc = await setClaimProvisioner(d, pvc, sc);
        pvcEvent(
          d,
          pvc,
          'Normal',
          'ExternalProvisioning',
          `Waiting for a volume to be created either by the external provisioner '${sc.provisioner}' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.`,
        );
      }
    } else {
      pvcEvent(d, pvc, 'Normal', 'FailedBinding', 'no persistent volumes available for this claim and no storage class is set');
    }
    await updateClaimStatus(d, pvc, 'Pending');
    return;
  }
  // The user named a volume.
  const pv = d.volumes.get(volumeName);
  if (!pv) {
    await updateClaimStatus(d, pvc, 'Pending');
    return;
  }
  if (!pv.spec?.claimRef) {
    const why = volumeMismatch(pvc, pv, className);
    if (why) {
      pvcEvent(d, pvc, 'Warning', 'VolumeMismatch', `Cannot bind to requested volume "${volumeName}": ${why}`);
      await updateClaimStatus(d, pvc, 'Pending');
      return;
    }
    return bind(d, pv, pvc);
  }
  if (isVolumeBoundToClaim(pv, pvc)) return bind(d, pv, pvc);
  pvcEvent(d, pvc, 'Warning', 'FailedBinding', `volume "${volumeName}" already bound to a different claim.`);
  await updateClaimStatus(d, pvc, 'Pending');
}

async function setClaimProvisioner(d: BinderDeps, pvc: PVC, sc: StorageClass): Promise<PVC> {
  const a = annotations(pvc);
  if (a[ANN_STORAGE_PROVISIONER] === sc.provisioner && a[ANN_BETA_STORAGE_PROVISIONER] === sc.provisioner) return pvc;
  const next = structuredClone(pvc);
  next.metadata!.annotations = { ...a, [ANN_STORAGE_PROVISIONER]: sc.provisioner, [ANN_BETA_STORAGE_PROVISIONER]: sc.provisioner };
  return d.client.update<PVC>(PVCS, pvc.metadata?.namespace ?? '', next);
}

async function syncBoundClaim(d: BinderDeps, pvc: PVC): Promise<void> {
  const volumeName = pvc.spec?.volumeName ?? '';
  if (!volumeName) {
    await updateClaimStatusWithEvent(d, pvc, 'Lost', 'Warning', 'ClaimLost', 'Bound claim has lost reference to PersistentVolume. Data on the volume is lost!');
    return;
  }
  const pv = d.volumes.get(volumeName);
  if (!pv) {
    await updateClaimStatusWithEvent(d, pvc, 'Lost', 'Warning', 'ClaimLost', 'Bound claim has lost its PersistentVolume. Data on the volume is lost!');
    return;
  }
  if (!pv.spec?.claimRef || pv.spec.claimRef.uid === pvc.metadata?.uid) return bind(d, pv, pvc);
  await updateClaimStatusWithEvent(d, pvc, 'Lost', 'Warning', 'ClaimMisbound', 'Two claims are bound to the same volume, this one is bound incorrectly');
}
