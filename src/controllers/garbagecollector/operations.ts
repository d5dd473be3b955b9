// The garbage collector's API writes and live reads: getting an object by
// identity, deleting with a uid precondition, dropping owner references and
// removing a finalizer (both resourceVersion-guarded, retried on conflict).
import type { KubeObject } from '../../apiserver/types.js';
import { isConflict, isNotFound } from '../../client/errors.js';
import type { ResourceClient } from '../../client/types.js';
import { ownerReferences } from '../controller-ref.js';
import type { Identity } from './graph.js';
import type { ResourceMapper } from './resources.js';

export class FinalizerRemovalError extends Error {
  constructor(what: string, finalizer: string) {
    super(`could not remove finalizer ${finalizer} from ${what}: too many conflicts`);
    this.name = 'FinalizerRemovalError';
  }
}

export class GcOperations {
  constructor(
    readonly client: ResourceClient,
    readonly mapper: ResourceMapper,
  ) {}

  /** The live object, or undefined when absent (404). Throws NoMappingError for unknown kinds. */
  async getObject(id: Identity): Promise<KubeObject | undefined> {
    const info = this.mapper.mustLookup(id.apiVersion, id.kind);
    try {
      return await this.client.get(info.gvr, info.namespaced ? id.namespace : '', id.name);
    } catch (e) {
      if (isNotFound(e)) return undefined;
      throw e;
    }
  }

  async deleteObject(id: Identity, propagationPolicy: 'Background' | 'Foreground' | 'Orphan'): Promise<void> {
    const info = this.mapper.mustLookup(id.apiVersion, id.kind);
    try {
      await this.client.delete(info.gvr, info.namespaced ? id.namespace : '', id.name, { propagationPolicy, preconditions: { uid: id.uid } });
    } catch (e) {
      // Already gone, or replaced by a new object of the same name: nothing of ours to delete.
      if (isNotFound(e) || isConflict(e)) return;
      throw e;
    }
  }

  /**
   * Rewrites `obj`'s ownerReferences through `edit` (resourceVersion-guarded).
   * Returns false when the object is gone. Conflicts are thrown for a retry.
   */
  async editOwnerRefs(id: Identity, obj: KubeObject, edit: (refs: ReturnType<typeof ownerReferences>) => ReturnType<typeof ownerReferences>): Promise<boolean> {
    const info = this.mapper.mustLookup(id.apiVersion, id.kind);
    const refs = edit(ownerReferences(obj));
    const patch = { metadata: { resourceVersion: obj.metadata?.resourceVersion, ownerReferences: refs.length ? refs : null } };
    try {
      await this.client.patch(info.gvr, info.namespaced ? id.namespace : '', id.name, 'merge', patch);
      return true;
    } catch (e) {
      if (isNotFound(e)) return false;
      throw e;
    }
  }

  /** Removes the owner references with these uids from the live object (re-read on conflict). */
  async removeOwnerRefs(id: Identity, ownerUids: string[], latest?: KubeObject): Promise<void> {
    let obj = latest;
    for (let attempt = 0; attempt < 5; attempt++) {
      obj ??= await this.getObject(id);
      if (!obj || obj.metadata?.uid !== id.uid) return;
      if (!ownerReferences(obj).some((r) => ownerUids.includes(r.uid))) return;
      try {
        await this.editOwnerRefs(id, obj, (refs) => refs.filter((r) => !ownerUids.includes(r.uid)));
        return;
      } catch (e) {
        if (!isConflict(e)) throw e;
        obj = undefined;
      }
    }
    throw new Error(`could not remove owner references from ${id.kind} ${id.name}: too many conflicts`);
  }

  /** Sets blockOwnerDeletion=false on the references to these owners (upstream's unblockOwnerReferences). */
  async unblockOwnerRefs(id: Identity, ownerUids: string[], latest: KubeObject): Promise<void> {
    await this.editOwnerRefs(id, latest, (refs) => refs.map((r) => (ownerUids.includes(r.uid) && r.blockOwnerDeletion ? { ...r, blockOwnerDeletion: false } : r)));
  }

  async removeFinalizer(id: Identity, finalizer: string): Promise<void> {
    const info = this.mapper.mustLookup(id.apiVersion, id.kind);
    const ns = info.namespaced ? id.namespace : '';
    for (let attempt = 0; attempt < 10; attempt++) {
      const obj = await this.getObject(id);
      if (!obj || obj.metadata?.uid !== id.uid) return;
      const finalizers = obj.metadata?.finalizers ?? [];
      if (!finalizers.includes(finalizer)) return;
      const rest = finalizers.filter((f) => f !== finalizer);
      try {
        await this.client.patch(info.gvr, ns, id.name, 'merge', { metadata: { resourceVersion: obj.metadata?.resourceVersion, finalizers: rest.length ? rest : null } });
        return;
      } catch (e) {
        if (isNotFound(e)) return;
        if (!isConflict(e)) throw e;
      }
    }
    throw new FinalizerRemovalError(`${id.kind} ${id.name}`, finalizer);
  }
}
