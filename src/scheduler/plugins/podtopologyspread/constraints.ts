// Topology spread constraints resolved for one pod: selector (with
// matchLabelKeys), which nodes count (node affinity / taint policies), and the
// per-domain counts of matching pods.
import type { NodeInfo } from '../../framework/node-info.js';
import type { k8s, Pod } from '../../framework/types.js';
import { podMatchesNodeSelectorAndAffinity } from '../helpers/node-selector.js';
import { labelSelectorMatcher } from '../helpers/pod-selector.js';
import { effectiveTaints, toleratedBy } from '../helpers/taints.js';
import { pairKey } from '../helpers/affinity-term.js';

export interface Constraint {
  maxSkew: number;
  topologyKey: string;
  minDomains: number;
  selects(pod: Pod): boolean;
  honorAffinity: boolean;
  honorTaints: boolean;
}

export function constraintsOf(pod: Pod, when: 'DoNotSchedule' | 'ScheduleAnyway'): Constraint[] {
  return (pod.spec?.topologySpreadConstraints ?? [])
    .filter((c: k8s.TopologySpreadConstraint) => c.whenUnsatisfiable === when)
    .map((c) => {
      let selector = c.labelSelector;
      if (selector && c.matchLabelKeys?.length) {
        const extra = c.matchLabelKeys.filter((k) => pod.metadata?.labels?.[k] !== undefined).map((k) => ({ key: k, operator: 'In', values: [pod.metadata!.labels![k]] }));
        selector = { ...selector, matchExpressions: [...(selector.matchExpressions ?? []), ...extra] };
      }
      const sel = labelSelectorMatcher(selector);
      const ns = pod.metadata?.namespace;
      return {
        maxSkew: c.maxSkew,
        topologyKey: c.topologyKey,
        minDomains: c.minDomains ?? 1,
        selects: (p: Pod) => p.metadata?.namespace === ns && !p.metadata?.deletionTimestamp && sel(p.metadata?.labels),
        honorAffinity: (c.nodeAffinityPolicy ?? 'Honor') === 'Honor',
        honorTaints: c.nodeTaintsPolicy === 'Honor',
      };
    });
}

/** Whether `ni` takes part in counting for these constraints. */
export function nodeCounts(pod: Pod, ni: NodeInfo, cs: Constraint[]): boolean {
  const labels = ni.node.metadata?.labels ?? {};
  if (!cs.every((c) => labels[c.topologyKey] !== undefined)) return false;
  if (cs.some((c) => c.honorAffinity) && !podMatchesNodeSelectorAndAffinity(pod, ni.node)) return false;
  if (cs.some((c) => c.honorTaints)) {
    const tol = pod.spec?.tolerations ?? [];
    if (effectiveTaints(ni.node).some((t) => (t.effect === 'NoSchedule' || t.effect === 'NoExecute') && !toleratedBy(t, tol))) return false;
  }
  return true;
}

/** `key=value` → matching pods, over the counting nodes (every domain present, maybe at 0). */
export function countMatches(pod: Pod, nodes: NodeInfo[], cs: Constraint[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const ni of nodes) {
    if (!nodeCounts(pod, ni, cs)) continue;
    const labels = ni.node.metadata!.labels!;
    for (const c of cs) {
      const k = pairKey(c.topologyKey, labels[c.topologyKey]);
      counts.set(k, (counts.get(k) ?? 0) + ni.pods.filter(c.selects).length);
    }
  }
  return counts;
}
