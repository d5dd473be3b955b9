// Taints and tolerations, plus the taints a node's Ready condition implies
// (what the node lifecycle controller would add: not-ready / unreachable).
import type { k8s, Node } from '../../framework/types.js';

export const TAINT_NOT_READY = 'node.kubernetes.io/not-ready';
export const TAINT_UNREACHABLE = 'node.kubernetes.io/unreachable';
export const TAINT_UNSCHEDULABLE = 'node.kubernetes.io/unschedulable';

export function tolerates(t: k8s.Toleration, taint: k8s.Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  if (!t.key && t.operator !== 'Exists') return false;
  if (t.operator === 'Exists') return true;
  return (t.value ?? '') === (taint.value ?? '');
}

export function toleratedBy(taint: k8s.Taint, tolerations: k8s.Toleration[]): boolean {
  return tolerations.some((t) => tolerates(t, taint));
}

/** The node's taints plus NoSchedule not-ready/unreachable taints when Ready is not True. */
export function effectiveTaints(node: Node): k8s.Taint[] {
  const taints = [...(node.spec?.taints ?? [])];
  const ready = node.status?.conditions?.find((c) => c.type === 'Ready');
  const implied = !ready || ready.status === 'False' ? TAINT_NOT_READY : ready.status === 'Unknown' ? TAINT_UNREACHABLE : undefined;
  if (implied && !taints.some((t) => t.key === implied && t.effect === 'NoSchedule')) taints.push({ key: implied, effect: 'NoSchedule' });
  return taints;
}
