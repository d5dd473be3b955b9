// Pod affinity terms resolved against the pod that declares them: which
// namespaces they cover (own namespace by default, a namespaceSelector, or a
// list) and which pods they select.
import type { k8s, Pod } from '../../framework/types.js';
import { labelSelectorMatcher } from './pod-selector.js';

export interface ResolvedTerm {
  topologyKey: string;
  weight: number;
  matches(pod: Pod): boolean;
}

export type NamespaceLabels = (ns: string) => Record<string, string> | undefined;

export function resolveTerm(owner: Pod, term: k8s.PodAffinityTerm, nsLabels: NamespaceLabels, weight = 1): ResolvedTerm {
  const ownNs = owner.metadata?.namespace ?? 'default';
  const namespaces = new Set(term.namespaces ?? []);
  if (namespaces.size === 0 && !term.namespaceSelector) namespaces.add(ownNs);
  const nsSel = term.namespaceSelector ? labelSelectorMatcher(term.namespaceSelector) : undefined;
  // matchLabelKeys: the owner's values for these keys join the selector.
  let selector = term.labelSelector;
  if (selector && term.matchLabelKeys?.length) {
    const extra = term.matchLabelKeys.filter((k) => owner.metadata?.labels?.[k] !== undefined).map((k) => ({ key: k, operator: 'In', values: [owner.metadata!.labels![k]] }));
    selector = { ...selector, matchExpressions: [...(selector.matchExpressions ?? []), ...extra] };
  }
  const sel = labelSelectorMatcher(selector);
  return {
    topologyKey: term.topologyKey,
    weight,
    matches(pod) {
      const ns = pod.metadata?.namespace ?? 'default';
      const nsOk = namespaces.has(ns) || (nsSel !== undefined && nsSel(nsLabels(ns) ?? {}));
      return nsOk && sel(pod.metadata?.labels);
    },
  };
}

export interface PodTerms {
  affinity: ResolvedTerm[];
  antiAffinity: ResolvedTerm[];
  preferredAffinity: ResolvedTerm[];
  preferredAntiAffinity: ResolvedTerm[];
}

export function podTerms(pod: Pod, nsLabels: NamespaceLabels): PodTerms {
  const a = pod.spec?.affinity;
  const req = (terms: k8s.PodAffinityTerm[] | undefined) => (terms ?? []).map((t) => resolveTerm(pod, t, nsLabels));
  const pref = (terms: k8s.WeightedPodAffinityTerm[] | undefined) => (terms ?? []).map((t) => resolveTerm(pod, t.podAffinityTerm, nsLabels, t.weight));
  return {
    affinity: req(a?.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution),
    antiAffinity: req(a?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution),
    preferredAffinity: pref(a?.podAffinity?.preferredDuringSchedulingIgnoredDuringExecution),
    preferredAntiAffinity: pref(a?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution),
  };
}

export function pairKey(key: string, value: string): string {
  return `${key}=${value}`;
}
