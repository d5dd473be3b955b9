// For unit tests: the FakeResourceClient plus the two API server behaviours
// the garbage collector relies on — DELETE with propagationPolicy Foreground
// or Orphan adds the matching finalizer, and an object marked for deletion
// goes away once its last finalizer is removed.
import type { KubeObject } from '../../apiserver/types.js';
import { FakeResourceClient } from '../../client/fake.js';
import type { GVR, WriteOptions } from '../../client/types.js';

export class GcFakeClient extends FakeResourceClient {
  override async delete(
    gvr: GVR,
    namespace: string,
    name: string,
    opts: { propagationPolicy?: string; preconditions?: { uid?: string; resourceVersion?: string } } = {},
  ): Promise<void> {
    const finalizer = opts.propagationPolicy === 'Foreground' ? 'foregroundDeletion' : opts.propagationPolicy === 'Orphan' ? 'orphan' : undefined;
    if (finalizer) {
      const cur = await this.get(gvr, namespace, name);
      if (opts.preconditions?.uid && opts.preconditions.uid !== cur.metadata?.uid) return super.delete(gvr, namespace, name, opts);
      const fins = cur.metadata?.finalizers ?? [];
      if (!fins.includes(finalizer)) await super.patch(gvr, namespace, name, 'merge', { metadata: { finalizers: [...fins, finalizer] } });
    }
    return super.delete(gvr, namespace, name, opts);
  }

  override async patch<T extends KubeObject = KubeObject>(
    gvr: GVR,
    namespace: string,
    name: string,
    type: 'merge' | 'strategic' | 'json' | 'apply',
    patch: unknown,
    opts: WriteOptions & { subresource?: string; force?: boolean } = {},
  ): Promise<T> {
    const out = await super.patch<T>(gvr, namespace, name, type, patch, opts);
    if (out.metadata?.deletionTimestamp && !(out.metadata.finalizers ?? []).length) await super.delete(gvr, namespace, name);
    return out;
  }
}
