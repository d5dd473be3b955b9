// The dependency graph (upstream's uidToNode): one node per object uid seen
// through an informer ("observed") or only named by someone's ownerReference
// ("virtual"), each with the owner references it carries and the nodes that
// name it as owner.
import type { OwnerReference } from '../controller-ref.js';

export interface Identity {
  apiVersion: string;
  kind: string;
  namespace: string;
  name: string;
  uid: string;
}

export class GraphNode {
  owners: OwnerReference[] = [];
  readonly dependents = new Set<GraphNode>();
  /** Seen through an informer (false: only known from an ownerReference). */
  observed = false;
  /** Has a deletionTimestamp. */
  beingDeleted = false;
  /** Has a deletionTimestamp and the foregroundDeletion finalizer. */
  deletingDependents = false;

  constructor(public identity: Identity) {}

  /** Dependents whose reference to this node has blockOwnerDeletion=true. */
  blockingDependents(): GraphNode[] {
    return [...this.dependents].filter((d) => d.owners.some((r) => r.uid === this.identity.uid && r.blockOwnerDeletion === true));
  }

  toString(): string {
    const i = this.identity;
    return `${i.kind} ${i.namespace ? `${i.namespace}/` : ''}${i.name} (${i.uid})`;
  }
}

export class Graph {
  private readonly nodes = new Map<string, GraphNode>();

  get(uid: string): GraphNode | undefined {
    return this.nodes.get(uid);
  }

  get size(): number {
    return this.nodes.size;
  }

  /** Adds `node` and links it under each owner, creating virtual owners as needed (returned). */
  insert(node: GraphNode): GraphNode[] {
    this.nodes.set(node.identity.uid, node);
    return this.linkOwners(node, node.owners);
  }

  linkOwners(node: GraphNode, refs: OwnerReference[]): GraphNode[] {
    const created: GraphNode[] = [];
    for (const ref of refs) {
      let owner = this.nodes.get(ref.uid);
      if (!owner) {
        owner = new GraphNode({ apiVersion: ref.apiVersion, kind: ref.kind, name: ref.name, uid: ref.uid, namespace: node.identity.namespace });
        this.nodes.set(ref.uid, owner);
        created.push(owner);
      }
      owner.dependents.add(node);
    }
    return created;
  }

  unlinkOwners(node: GraphNode, refs: OwnerReference[]): GraphNode[] {
    const touched: GraphNode[] = [];
    for (const ref of refs) {
      const owner = this.nodes.get(ref.uid);
      if (!owner) continue;
      owner.dependents.delete(node);
      touched.push(owner);
      // A virtual owner nobody names any more is forgotten.
      if (!owner.observed && owner.dependents.size === 0) this.nodes.delete(ref.uid);
    }
    return touched;
  }

  /** Removes `node`, unlinking it from its owners; returns the owners it was linked to. */
  remove(node: GraphNode): GraphNode[] {
    if (this.nodes.get(node.identity.uid) === node) this.nodes.delete(node.identity.uid);
    return this.unlinkOwners(node, node.owners);
  }
}
