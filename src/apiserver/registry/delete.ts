// DELETE and DELETECOLLECTION: preconditions, graceful deletion
// (deletionTimestamp + grace period), finalizers and propagation policy.
import { ConflictError, NotFoundError } from '../../datastore/backend.js';
import { badRequest, conflict, notFound, OPTIMISTIC_LOCK_MESSAGE } from '../errors.js';
import type { KubeObject } from '../types.js';
import { Entry } from './entry.js';
import { listEntries, type ListParams } from './list.js';
import { gr, timestamp } from './meta.js';
import type { ResourceStore } from './store.js';

export interface DeleteOptions {
  gracePeriodSeconds?: number;
  propagationPolicy?: 'Orphan' | 'Background' | 'Foreground';
  orphanDependents?: boolean;
  preconditions?: { uid?: string; resourceVersion?: string };
  dryRun?: boolean;
}

export interface DeleteOutcome {
  /** The object as last stored (deleted) or as now marked for deletion. */
  obj: KubeObject;
  /** True when the object is gone; false when deletion waits for finalizers or a grace period. */
  deleted: boolean;
}

const ORPHAN = 'orphan';
const FOREGROUND = 'foregroundDeletion';

function checkOptions(o: DeleteOptions): void {
  if (o.gracePeriodSeconds !== undefined && o.gracePeriodSeconds < 0) throw badRequest('gracePeriodSeconds must be non-negative');
  const p = o.propagationPolicy;
  if (p !== undefined && p !== 'Orphan' && p !== 'Background' && p !== 'Foreground')
    throw badRequest(`propagationPolicy: Unsupported value: "${p}": supported values: "Foreground", "Background", "Orphan"`);
  if (p && o.orphanDependents !== undefined) throw badRequest('orphanDependents and propagationPolicy cannot both be set');
}

/** Finalizers the propagation policy asks for (the garbage collector acts on them). */
function finalizersFor(cur: string[], o: DeleteOptions): string[] {
  const policy = o.propagationPolicy ?? (o.orphanDependents ? 'Orphan' : undefined);
  let f = [...cur];
  if (policy === 'Orphan') {
    f = f.filter((x) => x !== FOREGROUND);
    if (!f.includes(ORPHAN)) f.push(ORPHAN);
  } else if (policy === 'Foreground') {
    f = f.filter((x) => x !== ORPHAN);
    if (!f.includes(FOREGROUND)) f.push(FOREGROUND);
  } else if (policy === 'Background') {
    f = f.filter((x) => x !== ORPHAN && x !== FOREGROUND);
  }
  return f;
}

export async function deleteObject(store: ResourceStore, namespace: string, name: string, o: DeleteOptions = {}): Promise<DeleteOutcome> {
  checkOptions(o);
  const def = store.def;
  const key = store.keyFor(namespace, name);
  for (let attempt = 0; attempt < 20; attempt++) {
    const cur = await store.getEntry(namespace, name);
    const obj = cur.object();
    const meta = obj.metadata!;
    if (o.preconditions?.uid && o.preconditions.uid !== meta.uid)
      throw conflict(gr(def), name, `Precondition failed: UID in precondition: ${o.preconditions.uid}, UID in object meta: ${meta.uid}`);
    if (o.preconditions?.resourceVersion && o.preconditions.resourceVersion !== meta.resourceVersion)
      throw conflict(
        gr(def),
        name,
        `Precondition failed: ResourceVersion in precondition: ${o.preconditions.resourceVersion}, ResourceVersion in object meta: ${meta.resourceVersion}`,
      );
    // Kinds without graceful deletion ignore gracePeriodSeconds; a strategy answering 0
    // (e.g. an unscheduled pod) deletes at once whatever was asked.
    let grace = 0;
    const strategyGrace = def.strategy.gracePeriodSeconds?.(obj);
    if (def.strategy.gracePeriodSeconds && strategyGrace !== 0) grace = o.gracePeriodSeconds ?? strategyGrace ?? 0;
    const finalizers = finalizersFor(meta.finalizers ?? [], o);
    const pending = finalizers.length > 0 || grace > 0 || !!def.strategy.deletionPending?.(obj);
    try {
      if (!pending) {
        if (o.dryRun) return { obj, deleted: true };
        const r = await store.ctx.backend.delete(key, cur.rev);
        await store.ctx.cache.waitFor(r.revision);
        return { obj: Entry.fromObject(key, r.revision, obj).object(), deleted: true };
      }
      const now = store.ctx.now();
      if (meta.deletionTimestamp) {
        // Already terminating: only a shorter grace period (or new finalizers) changes anything.
        const remaining = meta.deletionGracePeriodSeconds ?? 0;
        if (grace >= remaining && jsonSame(finalizers, meta.finalizers ?? [])) return { obj, deleted: false };
        if (grace < remaining) {
          meta.deletionGracePeriodSeconds = grace;
          meta.deletionTimestamp = timestamp(new Date(now.getTime() + grace * 1000));
        }
      } else {
        meta.deletionTimestamp = timestamp(new Date(now.getTime() + grace * 1000));
        meta.deletionGracePeriodSeconds = grace;
      }
      if (finalizers.length) meta.finalizers = finalizers;
      else delete meta.finalizers;
      if (o.dryRun) return { obj, deleted: false };
      if (finalizers.length === 0 && grace === 0 && !def.strategy.deletionPending?.(obj)) {
        const r = await store.ctx.backend.delete(key, cur.rev);
        await store.ctx.cache.waitFor(r.revision);
        return { obj: Entry.fromObject(key, r.revision, obj).object(), deleted: true };
      }
      const rev = await store.ctx.backend.update(key, store.encode(obj), cur.rev);
      await store.ctx.cache.waitFor(rev);
      const stored = store.ctx.cache.get(key);
      return { obj: stored ? store.present(stored).object() : obj, deleted: false };
    } catch (e) {
      if (e instanceof ConflictError) continue;
      if (e instanceof NotFoundError) throw notFound(gr(def), name);
      throw e;
    }
  }
  throw conflict(gr(def), name, OPTIMISTIC_LOCK_MESSAGE);
}

function jsonSame(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** DELETE on a collection: deletes every matching object, returning what was deleted or marked. */
export async function deleteCollection(store: ResourceStore, namespace: string, params: ListParams, o: DeleteOptions): Promise<KubeObject[]> {
  const { entries } = await listEntries(store, namespace, { ...params, limit: 0, continueToken: undefined });
  const out: KubeObject[] = [];
  for (const e of entries) {
    const obj = e.object();
    try {
      const r = await deleteObject(store, obj.metadata?.namespace ?? '', obj.metadata!.name!, o);
      out.push(r.obj);
    } catch (err) {
      if ((err as { code?: number }).code === 404) continue;
      throw err;
    }
  }
  return out;
}
