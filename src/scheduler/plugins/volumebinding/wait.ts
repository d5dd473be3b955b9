// Waiting for claims the scheduler annotated to be bound (upstream's
// checkBindings under BindPodVolumes): done when each claim names a volume
// whose claimRef points back; failed when provisioning was given up (the
// selected-node annotation removed or changed) or the claim went.
import { ANN_BIND_COMPLETED, ANN_SELECTED_NODE, type PVC } from '../../../controllers/storage/constants.js';
import type { VolumeCaches } from './claims.js';

export class VolumeBindingTimeoutError extends Error {
  constructor(pending: string[]) {
    super(`timed out waiting for the condition: claims not bound: ${pending.join(', ')}`);
    this.name = 'VolumeBindingTimeoutError';
  }
}

export class VolumeBindingFailedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'VolumeBindingFailedError';
  }
}

/** undefined while waiting, true once bound; throws when it can no longer happen. */
function claimBound(c: VolumeCaches, want: PVC, nodeName: string): boolean {
  const key = `${want.metadata?.namespace}/${want.metadata?.name}`;
  const pvc = c.claims.get(key);
  if (!pvc || pvc.metadata?.uid !== want.metadata?.uid) throw new VolumeBindingFailedError(`persistentvolumeclaim "${want.metadata?.name}" was deleted`);
  const volumeName = pvc.spec?.volumeName;
  if (volumeName && pvc.metadata?.annotations?.[ANN_BIND_COMPLETED]) {
    const pv = c.volumes.get(volumeName);
    return !!pv && pv.spec?.claimRef?.uid === pvc.metadata?.uid;
  }
  const selected = pvc.metadata?.annotations?.[ANN_SELECTED_NODE];
  // Our own patch may not be in the cache yet; only a different node means someone gave up on this one.
  if (selected !== undefined && selected !== nodeName) throw new VolumeBindingFailedError(`persistentvolumeclaim "${pvc.metadata?.name}" was provisioned for node "${selected}"`);
  return false;
}

export async function waitForClaimsBound(c: VolumeCaches, claims: PVC[], nodeName: string, timeoutMs: number, pollMs = 100): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const pending = claims.filter((p) => !claimBound(c, p, nodeName));
    if (pending.length === 0) return;
    if (Date.now() >= end) throw new VolumeBindingTimeoutError(pending.map((p) => String(p.metadata?.name)));
    await new Promise((r) => setTimeout(r, pollMs));
  }
}
