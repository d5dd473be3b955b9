// Names the PersistentVolume controller, the local-path provisioner, the
// scheduler's VolumeBinding plugin and the node agent share (upstream's
// pkg/controller/volume/persistentvolume/util and storage helpers).
import type * as k8s from 'kubernetes-types/core/v1.js';
import type * as storage from 'kubernetes-types/storage/v1.js';
import type { KubeObject } from '../../apiserver/types.js';
import type { GVR } from '../../client/types.js';

export const PVCS: GVR = { group: '', version: 'v1', resource: 'persistentvolumeclaims' };
export const PVS: GVR = { group: '', version: 'v1', resource: 'persistentvolumes' };
export const STORAGE_CLASSES: GVR = { group: 'storage.k8s.io', version: 'v1', resource: 'storageclasses' };

export type PVC = k8s.PersistentVolumeClaim & KubeObject;
export type PV = k8s.PersistentVolume & KubeObject;
export type StorageClass = storage.StorageClass & KubeObject;

/** On a PVC: the binder finished binding it (set once, never removed). */
export const ANN_BIND_COMPLETED = 'pv.kubernetes.io/bind-completed';
/** On a PV or PVC: the controller (not the user) set claimRef / volumeName. */
export const ANN_BOUND_BY_CONTROLLER = 'pv.kubernetes.io/bound-by-controller';
/** On a PV: the provisioner that created it. */
export const ANN_PROVISIONED_BY = 'pv.kubernetes.io/provisioned-by';
/** On a PVC: the provisioner asked to create its volume. */
export const ANN_STORAGE_PROVISIONER = 'volume.kubernetes.io/storage-provisioner';
export const ANN_BETA_STORAGE_PROVISIONER = 'volume.beta.kubernetes.io/storage-provisioner';
/** On a PVC: the node the scheduler picked for its first consumer (WaitForFirstConsumer). */
export const ANN_SELECTED_NODE = 'volume.kubernetes.io/selected-node';
/** The deprecated way of naming a claim's class. */
export const ANN_BETA_STORAGE_CLASS = 'volume.beta.kubernetes.io/storage-class';
export const ANN_DEFAULT_CLASS = 'storageclass.kubernetes.io/is-default-class';
export const ANN_BETA_DEFAULT_CLASS = 'storageclass.beta.kubernetes.io/is-default-class';

export const LOCAL_PATH_CLASS = 'local-path';
export const LOCAL_PATH_PROVISIONER = 'skiff.dev/local-path';
export const HOSTNAME_LABEL = 'kubernetes.io/hostname';

/** The binder's event source (upstream's "persistentvolume-controller"). */
export const BINDER_COMPONENT = 'persistentvolume-controller';
