// Which cluster changes may make an unschedulable pod fit. Node heartbeats
// (timestamps only) do not, so they never requeue pods.
import type { Node } from './framework/types.js';

function essentials(n: Node): string {
  return JSON.stringify([
    n.metadata?.labels ?? {},
    n.spec?.unschedulable ?? false,
    n.spec?.taints ?? [],
    n.status?.allocatable ?? n.status?.capacity ?? {},
    (n.status?.conditions ?? []).map((c) => [c.type, c.status]),
    (n.status?.images ?? []).length,
  ]);
}

export function nodeUpdateMayHelp(oldNode: Node, newNode: Node): boolean {
  return essentials(oldNode) !== essentials(newNode);
}
