// The built-in default StorageClass, `local-path` (k3s ships the same one):
// created when missing, never overwritten.
import { ApiError, type ResourceClient } from '../../client/types.js';
import { ANN_DEFAULT_CLASS, LOCAL_PATH_CLASS, LOCAL_PATH_PROVISIONER, STORAGE_CLASSES, type StorageClass } from './constants.js';

export function localPathClass(): StorageClass {
  return {
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: { name: LOCAL_PATH_CLASS, annotations: { [ANN_DEFAULT_CLASS]: 'true' } },
    provisioner: LOCAL_PATH_PROVISIONER,
    reclaimPolicy: 'Delete',
    volumeBindingMode: 'WaitForFirstConsumer',
  };
}

/** Creates the class unless a class of that name exists; true when it was created. */
export async function ensureDefaultClass(client: ResourceClient): Promise<boolean> {
  try {
    await client.get(STORAGE_CLASSES, '', LOCAL_PATH_CLASS);
    return false;
  } catch (e) {
    if (!(e instanceof ApiError && e.code === 404)) throw e;
  }
  try {
    await client.create(STORAGE_CLASSES, '', localPathClass());
    return true;
  } catch (e) {
    if (e instanceof ApiError && e.code === 409) return false;
    throw e;
  }
}
