// What the local-path provisioner decides and builds (after rancher's
// local-path-provisioner over sig-storage's provisioner library): which
// claims to provision, the directory `pvc-<uid>_<ns>_<name>` under the
// storage dir, a hostPath PV pinned to the claim's node, and which released
// volumes to delete.
import { join } from 'node:path';
import { claimRef } from './binder-ops.js';
import {
  ANN_BETA_STORAGE_PROVISIONER, ANN_PROVISIONED_BY, ANN_SELECTED_NODE, ANN_STORAGE_PROVISIONER, HOSTNAME_LABEL, LOCAL_PATH_PROVISIONER,
  type PV, type PVC, type StorageClass,
} from './constants.js';
import { annotations, volumeHostPath } from './helpers.js';

export class NoNodeSelectedError extends Error {
  constructor() {
    super('configuration error, no node was specified');
    this.name = 'NoNodeSelectedError';
  }
}

export function volumeNameFor(pvc: PVC): string {
  return `pvc-${pvc.metadata?.uid ?? ''}`;
}

export function volumeDirFor(storageDir: string, pvc: PVC): string {
  return join(storageDir, `${volumeNameFor(pvc)}_${pvc.metadata?.namespace ?? ''}_${pvc.metadata?.name ?? ''}`);
}

/** The claim waits for this provisioner: asked for by the binder, not bound, of one of our classes. */
export function wantsProvisioning(pvc: PVC, sc: StorageClass | undefined): boolean {
  if (!sc || sc.provisioner !== LOCAL_PATH_PROVISIONER) return false;
  if (pvc.spec?.volumeName || pvc.metadata?.deletionTimestamp) return false;
  const a = annotations(pvc);
  return (a[ANN_STORAGE_PROVISIONER] ?? a[ANN_BETA_STORAGE_PROVISIONER]) === LOCAL_PATH_PROVISIONER;
}

/** The node to put the volume on; WaitForFirstConsumer claims wait (undefined) until the scheduler picks one. */
export function nodeFor(pvc: PVC, sc: StorageClass): string | undefined {
  const selected = annotations(pvc)[ANN_SELECTED_NODE];
  if (selected) return selected;
  if (sc.volumeBindingMode === 'WaitForFirstConsumer') return undefined;
  throw new NoNodeSelectedError();
}

export function buildVolume(pvc: PVC, sc: StorageClass, className: string, node: string, path: string): PV {
  const pv: PV = {
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: { name: volumeNameFor(pvc), annotations: { [ANN_PROVISIONED_BY]: LOCAL_PATH_PROVISIONER } },
    spec: {
      capacity: { storage: String(pvc.spec?.resources?.requests?.storage ?? '0') },
      accessModes: [...(pvc.spec?.accessModes ?? ['ReadWriteOnce'])],
      persistentVolumeReclaimPolicy: sc.reclaimPolicy ?? 'Delete',
      storageClassName: className,
      volumeMode: pvc.spec?.volumeMode ?? 'Filesystem',
      hostPath: { path, type: 'DirectoryOrCreate' },
      nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: HOSTNAME_LABEL, operator: 'In', values: [node] }] }] } },
      claimRef: claimRef(pvc),
    },
  };
  if (sc.mountOptions?.length) pv.spec!.mountOptions = [...sc.mountOptions];
  return pv;
}

/** A volume of ours whose claim is gone and whose policy is Delete. */
export function wantsDeletion(pv: PV): boolean {
  return (
    annotations(pv)[ANN_PROVISIONED_BY] === LOCAL_PATH_PROVISIONER &&
    pv.spec?.persistentVolumeReclaimPolicy === 'Delete' &&
    pv.status?.phase === 'Released' &&
    !pv.metadata?.deletionTimestamp &&
    volumeHostPath(pv) !== undefined
  );
}

/** The node a volume is pinned to (its hostname affinity), or ''. */
export function volumeNode(pv: PV): string {
  for (const t of pv.spec?.nodeAffinity?.required?.nodeSelectorTerms ?? []) {
    for (const e of t.matchExpressions ?? []) if (e.key === HOSTNAME_LABEL && e.operator === 'In' && e.values?.length) return e.values[0]!;
  }
  return '';
}
