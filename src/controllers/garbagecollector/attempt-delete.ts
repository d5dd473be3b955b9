// attemptToDeleteItem (upstream garbagecollector.go): decides, from live
// reads, whether an object whose owners may be gone should be deleted, lose
// some owner references, or (for an owner deleted in the foreground) lose its
// foregroundDeletion finalizer once no blocking dependent is left.
import type { KubeObject } from '../../apiserver/types.js';
import { ownerReferences, type OwnerReference } from '../controller-ref.js';
import type { Recorder } from '../../agent/events.js';
import { FOREGROUND_FINALIZER, hasFinalizer, ORPHAN_FINALIZER, type GraphBuilder } from './graph-builder.js';
import type { GraphNode } from './graph.js';
import type { GcOperations } from './operations.js';

/** Owner uids known to be absent (bounded; a uid never comes back once deleted). */
export class AbsentOwnerCache {
  private readonly uids = new Set<string>();
  constructor(private readonly max = 500) {}
  has(uid: string): boolean {
    return this.uids.has(uid);
  }
  add(uid: string): void {
    if (this.uids.size >= this.max) this.uids.delete(this.uids.values().next().value as string);
    this.uids.add(uid);
  }
}

export interface DeleteDeps {
  ops: GcOperations;
  builder: GraphBuilder;
  absent: AbsentOwnerCache;
  recorder: Recorder;
  /** Queue a node for another attemptToDelete pass. */
  requeue(node: GraphNode, afterMs?: number): void;
}

interface Classified {
  solid: OwnerReference[];
  dangling: OwnerReference[];
  waiting: OwnerReference[];
}

export async function attemptToDeleteItem(d: DeleteDeps, item: GraphNode): Promise<void> {
  // Being deleted is a one-way trip: wait for the delete event, then handle the dependents.
  if (item.beingDeleted && !item.deletingDependents) return;
  const latest = await d.ops.getObject(item.identity);
  if (!latest || latest.metadata?.uid !== item.identity.uid) {
    d.builder.virtualDelete(item.identity);
    return;
  }
  if (!item.observed) {
    // The owner exists but the informer has not shown it yet: look again later.
    d.requeue(item, 1000);
    return;
  }
  if (item.deletingDependents) return processDeletingDependents(d, item);
  const refs = ownerReferences(latest);
  if (refs.length === 0) return;
  const c = await classify(d, item, refs);
  if (c.solid.length > 0) {
    if (c.dangling.length === 0 && c.waiting.length === 0) return;
    // Dangling references go; so do references to owners waiting for their dependents,
    // which would otherwise wait forever on an object that has another owner.
    await d.ops.removeOwnerRefs(item.identity, [...c.dangling, ...c.waiting].map((r) => r.uid), latest);
    return;
  }
  if (c.waiting.length > 0 && item.dependents.size > 0) {
    if ([...item.dependents].some((dep) => dep.deletingDependents)) {
      // A possible cycle of foreground deletions: stop blocking our owners, then go foreground.
      await d.ops.unblockOwnerRefs(item.identity, c.waiting.map((r) => r.uid), latest);
    }
    await d.ops.deleteObject(item.identity, 'Foreground');
    return;
  }
  const policy = hasFinalizer(latest, ORPHAN_FINALIZER) ? 'Orphan' : hasFinalizer(latest, FOREGROUND_FINALIZER) ? 'Foreground' : 'Background';
  await d.ops.deleteObject(item.identity, policy);
}

/** An owner deleted in the foreground: finish once no dependent blocks it, else push the blockers along. */
async function processDeletingDependents(d: DeleteDeps, item: GraphNode): Promise<void> {
  const blocking = item.blockingDependents();
  if (blocking.length === 0) {
    await d.ops.removeFinalizer(item.identity, FOREGROUND_FINALIZER);
    return;
  }
  for (const dep of blocking) if (!dep.deletingDependents) d.requeue(dep);
}

async function classify(d: DeleteDeps, item: GraphNode, refs: OwnerReference[]): Promise<Classified> {
  const out: Classified = { solid: [], dangling: [], waiting: [] };
  for (const ref of refs) {
    const owner = await liveOwner(d, item, ref);
    if (!owner) out.dangling.push(ref);
    else if (owner.metadata?.deletionTimestamp && hasFinalizer(owner, FOREGROUND_FINALIZER)) out.waiting.push(ref);
    else out.solid.push(ref);
  }
  return out;
}

/** The owner a reference names, read live (never from a cache that may lag); undefined when dangling. */
async function liveOwner(d: DeleteDeps, item: GraphNode, ref: OwnerReference): Promise<KubeObject | undefined> {
  if (d.absent.has(ref.uid)) return undefined;
  const info = d.ops.mapper.mustLookup(ref.apiVersion, ref.kind);
  const ns = item.identity.namespace;
  if (info.namespaced && !ns) {
    // A cluster-scoped object cannot be owned by a namespaced one.
    d.recorder.event(
      { kind: item.identity.kind, apiVersion: item.identity.apiVersion, name: item.identity.name, uid: item.identity.uid },
      'Warning',
      'OwnerRefInvalidNamespace',
      `ownerRef [${ref.apiVersion}/${ref.kind}, namespace: , name: ${ref.name}, uid: ${ref.uid}] does not exist in namespace ""`,
    );
    return undefined;
  }
  const owner = await d.ops.getObject({ apiVersion: ref.apiVersion, kind: ref.kind, name: ref.name, uid: ref.uid, namespace: info.namespaced ? ns : '' });
  if (!owner || owner.metadata?.uid !== ref.uid) {
    d.absent.add(ref.uid);
    return undefined;
  }
  return owner;
}
