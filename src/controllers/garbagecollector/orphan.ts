// attemptToOrphan (upstream's orphan finalizer handling): an owner deleted
// with propagationPolicy=Orphan keeps its dependents; the collector removes
// the owner's reference from each of them, then the `orphan` finalizer.
import { ORPHAN_FINALIZER } from './graph-builder.js';
import type { GraphNode } from './graph.js';
import type { GcOperations } from './operations.js';

export async function attemptToOrphanItem(ops: GcOperations, owner: GraphNode): Promise<void> {
  const failures: string[] = [];
  for (const dep of [...owner.dependents]) {
    try {
      await ops.removeOwnerRefs(dep.identity, [owner.identity.uid]);
    } catch (e) {
      failures.push(`${dep}: ${(e as Error).message}`);
    }
  }
  if (failures.length) throw new OrphanError(String(owner), failures);
  await ops.removeFinalizer(owner.identity, ORPHAN_FINALIZER);
}

export class OrphanError extends Error {
  constructor(owner: string, failures: string[]) {
    super(`orphaning dependents of ${owner}: ${failures.join('; ')}`);
    this.name = 'OrphanError';
  }
}
