// GraphBuilder: turns informer events of every monitored resource into graph
// changes, and queues the work they imply — dependents of a deleted owner to
// attemptToDelete, owners being deleted in the foreground (and their
// dependents) to attemptToDelete, owners with the orphan finalizer to
// attemptToOrphan. Informer handlers run one at a time on the event loop, so
// the graph needs no lock (upstream serialises them through graphChanges).
import type { KubeObject } from '../../apiserver/types.js';
import { ownerReferences, type OwnerReference } from '../controller-ref.js';
import { Graph, GraphNode, type Identity } from './graph.js';

export const FOREGROUND_FINALIZER = 'foregroundDeletion';
export const ORPHAN_FINALIZER = 'orphan';

export interface GraphQueues {
  attemptToDelete(node: GraphNode): void;
  attemptToOrphan(node: GraphNode): void;
}

export function hasFinalizer(obj: KubeObject, f: string): boolean {
  return (obj.metadata?.finalizers ?? []).includes(f);
}

export function identityOf(obj: KubeObject, apiVersion: string, kind: string): Identity {
  const m = obj.metadata ?? {};
  return { apiVersion, kind, namespace: m.namespace ?? '', name: String(m.name ?? ''), uid: String(m.uid ?? '') };
}

const refKey = (r: OwnerReference): string => `${r.uid}|${r.blockOwnerDeletion === true}`;

export class GraphBuilder {
  readonly graph = new Graph();

  constructor(private readonly queues: GraphQueues) {}

  /** An add or update of an object of `kind` (served as `apiVersion`). */
  upsert(obj: KubeObject, apiVersion: string, kind: string): void {
    const uid = obj.metadata?.uid;
    if (!uid) return;
    const refs = ownerReferences(obj);
    let node = this.graph.get(uid);
    if (!node) {
      node = new GraphNode(identityOf(obj, apiVersion, kind));
      node.owners = refs;
      node.observed = true;
      for (const v of this.graph.insert(node)) this.queues.attemptToDelete(v);
    } else {
      if (!node.observed) {
        // A virtual owner turned out to exist: take the identity the object really has.
        node.observed = true;
        node.identity = identityOf(obj, apiVersion, kind);
      }
      this.updateOwners(node, refs);
    }
    this.processTransitions(node, obj);
  }

  /** A delete of an observed object: its dependents lose an owner, foreground owners may finish. */
  remove(obj: KubeObject): void {
    const uid = obj.metadata?.uid;
    const node = uid ? this.graph.get(uid) : undefined;
    if (!node) return;
    const owners = this.graph.remove(node);
    for (const d of node.dependents) this.queues.attemptToDelete(d);
    for (const o of owners) if (o.deletingDependents) this.queues.attemptToDelete(o);
  }

  /** attemptToDelete found that a virtual node's object does not exist: drop it and re-check its dependents. */
  virtualDelete(identity: Identity): void {
    const node = this.graph.get(identity.uid);
    if (!node) return;
    if (node.observed) {
      // The object exists under this uid; only references naming it wrongly are dangling.
      for (const d of node.dependents) {
        const ref = d.owners.find((r) => r.uid === identity.uid);
        if (ref && (ref.kind !== node.identity.kind || ref.name !== node.identity.name)) this.queues.attemptToDelete(d);
      }
      return;
    }
    this.graph.remove(node);
    for (const d of node.dependents) this.queues.attemptToDelete(d);
  }

  private updateOwners(node: GraphNode, refs: OwnerReference[]): void {
    const before = new Map(node.owners.map((r) => [r.uid, r]));
    const after = new Map(refs.map((r) => [r.uid, r]));
    const removed = node.owners.filter((r) => !after.has(r.uid));
    const added = refs.filter((r) => !before.has(r.uid));
    // A reference that stopped blocking unblocks a foreground owner, like a removed one.
    const unblocked = refs.filter((r) => before.has(r.uid) && refKey(before.get(r.uid)!) !== refKey(r));
    node.owners = refs;
    for (const owner of this.graph.unlinkOwners(node, removed)) if (owner.deletingDependents) this.queues.attemptToDelete(owner);
    for (const v of this.graph.linkOwners(node, added)) this.queues.attemptToDelete(v);
    for (const r of unblocked) {
      const owner = this.graph.get(r.uid);
      if (owner?.deletingDependents) this.queues.attemptToDelete(owner);
    }
  }

  private processTransitions(node: GraphNode, obj: KubeObject): void {
    node.beingDeleted = !!obj.metadata?.deletionTimestamp;
    if (!node.beingDeleted) {
      node.deletingDependents = false;
      return;
    }
    if (hasFinalizer(obj, ORPHAN_FINALIZER)) this.queues.attemptToOrphan(node);
    if (hasFinalizer(obj, FOREGROUND_FINALIZER)) {
      node.deletingDependents = true;
      for (const d of node.dependents) this.queues.attemptToDelete(d);
      this.queues.attemptToDelete(node);
    } else {
      node.deletingDependents = false;
    }
  }
}
