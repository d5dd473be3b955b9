// syncVolume (upstream's): Available when unclaimed or only pre-bound,
// Bound when its claim points back, Released (then reclaimed) when the claim
// is gone, and rolled back when the claim went to another volume.
import { ApiError } from '../../client/types.js';
import { ANN_PROVISIONED_BY, PVCS, type PV, type PVC } from './constants.js';
import { type BinderDeps, unbindVolume, updateVolumePhase, updateVolumePhaseWithEvent } from './binder-ops.js';
import { claimRefKey, hasAnnotation } from './helpers.js';

export async function syncVolume(d: BinderDeps, pv: PV): Promise<void> {
  const ref = pv.spec?.claimRef;
  if (!ref || !ref.uid) {
    await updateVolumePhase(d, pv, 'Available');
    return;
  }
  let claim: PVC | undefined = d.claims.get(claimRefKey(pv)) ?? (await claimFromServer(d, ref.namespace ?? '', ref.name ?? ''));
  if (claim && claim.metadata?.uid !== ref.uid) claim = undefined;
  if (!claim) {
    if (pv.status?.phase !== 'Released' && pv.status?.phase !== 'Failed') pv = await updateVolumePhase(d, pv, 'Released');
    return reclaimVolume(d, pv);
  }
  const volumeName = claim.spec?.volumeName ?? '';
  if (!volumeName) {
    // Half-bound (e.g. a freshly provisioned volume): the claim's sync finishes it.
    d.enqueueClaim(`${claim.metadata?.namespace}/${claim.metadata?.name}`);
    return;
  }
  if (volumeName === pv.metadata?.name) {
    await updateVolumePhase(d, pv, 'Bound');
    return;
  }
  // The claim is bound to another volume.
  if (hasAnnotation(pv, ANN_PROVISIONED_BY) && pv.spec?.persistentVolumeReclaimPolicy === 'Delete') {
    if (pv.status?.phase !== 'Released' && pv.status?.phase !== 'Failed') pv = await updateVolumePhase(d, pv, 'Released');
    return reclaimVolume(d, pv);
  }
  // Bound by the controller: drop the claimRef; pre-bound by the user: keep the name, drop the UID.
  await unbindVolume(d, pv);
}

/**
 * Retain keeps the volume Released. Delete of a provisioned volume is the
 * provisioner's job (it watches Released volumes); other volumes have no
 * deleter here and fail, as upstream does without a deleter plugin.
 */
async function reclaimVolume(d: BinderDeps, pv: PV): Promise<void> {
  const policy = pv.spec?.persistentVolumeReclaimPolicy ?? 'Retain';
  const name = pv.metadata?.name ?? '';
  if (policy === 'Retain') return;
  if (policy === 'Delete') {
    if (hasAnnotation(pv, ANN_PROVISIONED_BY)) return;
    await updateVolumePhaseWithEvent(d, pv, 'Failed', 'Warning', 'VolumeFailedDelete', `error getting deleter volume plugin for volume "${name}": no deletable volume plugin matched`);
    return;
  }
  if (policy === 'Recycle') {
    await updateVolumePhaseWithEvent(d, pv, 'Failed', 'Warning', 'VolumeFailedRecycle', 'No recycler plugin found for the volume!');
    return;
  }
  await updateVolumePhaseWithEvent(d, pv, 'Failed', 'Warning', 'VolumeUnknownReclaimPolicy', 'Volume has unrecognized PersistentVolumeReclaimPolicy');
}

/** A claim the cache has not seen yet may still exist: ask the API server before releasing its volume. */
async function claimFromServer(d: BinderDeps, namespace: string, name: string): Promise<PVC | undefined> {
  try {
    return await d.client.get<PVC>(PVCS, namespace, name);
  } catch (e) {
    if (e instanceof ApiError && e.code === 404) return undefined;
    throw e;
  }
}
