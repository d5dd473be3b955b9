// Namespace lifecycle: creates are refused in missing or terminating
// namespaces; a deleted namespace turns Terminating, its content is deleted,
// then its `kubernetes` finalizer is removed and it goes away.
import { StatusError, notFound } from '../errors.js';
import type { WatchCache } from '../registry/cache.js';
import type { Entry } from '../registry/entry.js';
import { deleteCollection } from '../registry/delete.js';
import type { Registry } from '../registry/registry.js';
import type { KubeObject } from '../types.js';

export const NAMESPACE_PREFIX = '/registry/core/namespaces/';
export const SYSTEM_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

/** Whether a cached namespace is terminating, worked out once per cache entry (every create asks). */
const terminating = new WeakMap<Entry, boolean>();

function isTerminating(e: Entry): boolean {
  let t = terminating.get(e);
  if (t === undefined) {
    const ns = e.object();
    t = !!ns.metadata?.deletionTimestamp || (ns.status as { phase?: string } | undefined)?.phase === 'Terminating';
    terminating.set(e, t);
  }
  return t;
}

/** Admission: the namespace must exist and not be terminating. */
export function admitNamespace(cache: WatchCache, namespace: string): void {
  const e = cache.get(NAMESPACE_PREFIX + namespace);
  if (!e) throw notFound({ group: '', resource: 'namespaces' }, namespace);
  if (isTerminating(e)) {
    throw new StatusError(403, 'Forbidden', `unable to create new content in namespace ${namespace} because it is being terminated`, {
      name: namespace,
      kind: 'namespaces',
      causes: [{ reason: 'NamespaceTerminating', message: `namespace ${namespace} is being terminated`, field: 'metadata.namespace' }],
    });
  }
}

/** Strategy hook: a namespace with spec.finalizers waits (Terminating) instead of vanishing. */
export function namespaceDeletionPending(obj: KubeObject): boolean {
  const spec = obj.spec as { finalizers?: string[] } | undefined;
  if (!spec?.finalizers?.length) return false;
  obj.status = { ...((obj.status as object) ?? {}), phase: 'Terminating' };
  return true;
}

/** Deletes the content of terminating namespaces, then finalizes them. */
export class NamespaceFinalizer {
  private timer?: NodeJS.Timeout;
  private running = false;

  constructor(
    private readonly registry: Registry,
    private readonly cache: WatchCache,
    private readonly log: (msg: string) => void,
  ) {}

  start(intervalMs = 500): void {
    this.timer = setInterval(() => void this.tick(), intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  async tick(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      for (const e of this.cache.list(NAMESPACE_PREFIX)) {
        const ns = e.object();
        if (ns.metadata?.deletionTimestamp) await this.finalize(ns.metadata.name!);
      }
    } catch (err) {
      this.log(`namespace finalizer: ${(err as Error).message}`);
    } finally {
      this.running = false;
    }
  }

  private async finalize(name: string): Promise<void> {
    let remaining = 0;
    for (const store of this.registry.all()) {
      if (!store.def.namespaced) continue;
      const items = this.cache.list(store.prefixFor(name));
      if (items.length === 0) continue;
      remaining += items.length;
      const pending = items.filter((i) => !i.object().metadata?.deletionTimestamp);
      if (pending.length) await deleteCollection(store, name, {}, { propagationPolicy: 'Background' });
    }
    if (remaining > 0) return;
    const nsStore = this.registry.lookup('', 'v1', 'namespaces');
    if (!nsStore) return;
    try {
      await nsStore.guaranteedUpdate(
        '',
        name,
        (ns) => {
          const spec = (ns.spec ?? {}) as { finalizers?: string[] };
          spec.finalizers = (spec.finalizers ?? []).filter((f) => f !== 'kubernetes');
          ns.spec = spec;
          delete ns.metadata!.resourceVersion;
          return ns;
        },
        { subresource: 'finalize', fieldManager: 'skiff-namespace-controller' },
      );
    } catch (e) {
      if ((e as StatusError).code !== 404) throw e;
    }
  }
}
