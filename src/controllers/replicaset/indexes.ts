// Informer indexes that keep a sync proportional to one controller's pods
// rather than to every pod in the cluster: pods by controller uid, pods
// without a controller by namespace, owners by namespace and by their own
// controller (a Deployment's ReplicaSets).
import type { KubeObject } from '../../apiserver/types.js';
import type { Informer } from '../../client/types.js';
import { controllerOf } from '../controller-ref.js';

export const BY_CONTROLLER_UID = 'controllerUid';
export const ORPHANS_BY_NAMESPACE = 'orphanNamespace';
export const BY_NAMESPACE = 'namespace';

export function controllerUidIndex(obj: KubeObject): string[] {
  const ref = controllerOf(obj);
  return ref?.uid ? [ref.uid] : [];
}

export function orphanNamespaceIndex(obj: KubeObject): string[] {
  return controllerOf(obj) ? [] : [obj.metadata?.namespace ?? ''];
}

export function namespaceIndex(obj: KubeObject): string[] {
  return [obj.metadata?.namespace ?? ''];
}

/** Adds the pod indexes (idempotent: the same functions under the same names). */
export function indexPods(pods: Informer<KubeObject>): void {
  pods.addIndex(BY_CONTROLLER_UID, controllerUidIndex);
  pods.addIndex(ORPHANS_BY_NAMESPACE, orphanNamespaceIndex);
}

/** Adds the owner indexes (by namespace, and by the owner's own controller). */
export function indexOwners(owners: Informer<KubeObject>): void {
  owners.addIndex(BY_NAMESPACE, namespaceIndex);
  owners.addIndex(BY_CONTROLLER_UID, controllerUidIndex);
}
