// InterPodAffinity: required pod affinity / anti-affinity of the incoming pod,
// the required anti-affinity of pods already placed (Filter), and preferred
// terms of both sides (Score), counted per topology domain.
import type { FilterPlugin, Handle, PreFilterPlugin, PreScorePlugin, ScorePlugin } from '../../framework/interfaces.js';
import { MAX_NODE_SCORE } from '../../framework/interfaces.js';
import type { Snapshot } from '../../framework/node-info.js';
import { Status } from '../../framework/status.js';
import { pairKey, podTerms, type PodTerms } from '../helpers/affinity-term.js';

export const NAME = 'InterPodAffinity';
export const ERR_AFFINITY = "node(s) didn't match pod affinity rules";
export const ERR_ANTI_AFFINITY = "node(s) didn't match pod anti-affinity rules";
export const ERR_EXISTING_ANTI_AFFINITY = "node(s) didn't satisfy existing pods anti-affinity rules";
const PRE_FILTER_KEY = 'PreFilter' + NAME;
const PRE_SCORE_KEY = 'PreScore' + NAME;

interface FilterState {
  terms: PodTerms;
  existingAnti: Map<string, number>;
  affinityCounts: Map<string, number>;
  antiCounts: Map<string, number>;
  selfMatchesAll: boolean;
}

function bump(m: Map<string, number>, k: string, by = 1): void {
  m.set(k, (m.get(k) ?? 0) + by);
}

export function newInterPodAffinity(args: Record<string, unknown>, handle: Handle): PreFilterPlugin & FilterPlugin & PreScorePlugin & ScorePlugin {
  const hardWeight = (args.hardPodAffinityWeight as number | undefined) ?? 1;
  const nsLabels = (ns: string) => handle.namespaceLabels(ns);
  return {
    name: NAME,
    preFilter(state, pod, snapshot: Snapshot) {
      const terms = podTerms(pod, nsLabels);
      const st: FilterState = { terms, existingAnti: new Map(), affinityCounts: new Map(), antiCounts: new Map(), selfMatchesAll: terms.affinity.every((t) => t.matches(pod)) };
      // Existing pods' required anti-affinity: only pods with terms can have any.
      for (const { pod: other, node } of snapshot.podsWithAffinity()) {
        const labels = node.node.metadata?.labels ?? {};
        for (const t of podTerms(other, nsLabels).antiAffinity) {
          if (labels[t.topologyKey] !== undefined && t.matches(pod)) bump(st.existingAnti, pairKey(t.topologyKey, labels[t.topologyKey]));
        }
      }
      // The incoming pod's own terms are matched against every pod, only when it has some.
      if (terms.affinity.length || terms.antiAffinity.length) {
        for (const { pod: other, node } of snapshot.allPods()) {
          const labels = node.node.metadata?.labels ?? {};
          if (terms.affinity.length && terms.affinity.every((t) => t.matches(other))) {
            for (const t of terms.affinity) if (labels[t.topologyKey] !== undefined) bump(st.affinityCounts, pairKey(t.topologyKey, labels[t.topologyKey]));
          }
          for (const t of terms.antiAffinity) {
            if (labels[t.topologyKey] !== undefined && t.matches(other)) bump(st.antiCounts, pairKey(t.topologyKey, labels[t.topologyKey]));
          }
        }
      }
      state.write(PRE_FILTER_KEY, st);
      return undefined;
    },
    filter(state, _pod, ni) {
      const st = state.read<FilterState>(PRE_FILTER_KEY);
      if (!st) return Status.error('InterPodAffinity PreFilter state missing');
      const labels = ni.node.metadata?.labels ?? {};
      for (const [k, v] of Object.entries(labels)) if ((st.existingAnti.get(pairKey(k, v)) ?? 0) > 0) return Status.unschedulable(ERR_EXISTING_ANTI_AFFINITY);
      for (const t of st.terms.antiAffinity) {
        const v = labels[t.topologyKey];
        if (v !== undefined && (st.antiCounts.get(pairKey(t.topologyKey, v)) ?? 0) > 0) return Status.unschedulable(ERR_ANTI_AFFINITY);
      }
      if (st.terms.affinity.length) {
        const hasKeys = st.terms.affinity.every((t) => labels[t.topologyKey] !== undefined);
        const satisfied = hasKeys && st.terms.affinity.every((t) => (st.affinityCounts.get(pairKey(t.topologyKey, labels[t.topologyKey])) ?? 0) > 0);
        // The first pod of a group that matches its own terms may go anywhere with the keys.
        const firstOfGroup = hasKeys && st.affinityCounts.size === 0 && st.selfMatchesAll;
        if (!satisfied && !firstOfGroup) return Status.unresolvable(ERR_AFFINITY);
      }
      return undefined;
    },
    preScore(state, pod, _nodes, snapshot) {
      const terms = podTerms(pod, nsLabels);
      const scores = new Map<string, number>();
      let any = false;
      const mine = terms.preferredAffinity.length + terms.preferredAntiAffinity.length > 0;
      // Every pod when the incoming one has preferred terms; otherwise only pods with terms of their own count.
      for (const { pod: other, node } of mine ? snapshot.allPods() : snapshot.podsWithAffinity()) {
        const labels = node.node.metadata?.labels ?? {};
        const add = (key: string, w: number): void => {
          if (labels[key] !== undefined) {
            bump(scores, pairKey(key, labels[key]), w);
            any = true;
          }
        };
        for (const t of terms.preferredAffinity) if (t.matches(other)) add(t.topologyKey, t.weight);
        for (const t of terms.preferredAntiAffinity) if (t.matches(other)) add(t.topologyKey, -t.weight);
        if (!other.spec?.affinity?.podAffinity && !other.spec?.affinity?.podAntiAffinity) continue;
        const theirs = podTerms(other, nsLabels);
        if (hardWeight > 0) for (const t of theirs.affinity) if (t.matches(pod)) add(t.topologyKey, hardWeight);
        for (const t of theirs.preferredAffinity) if (t.matches(pod)) add(t.topologyKey, t.weight);
        for (const t of theirs.preferredAntiAffinity) if (t.matches(pod)) add(t.topologyKey, -t.weight);
      }
      if (!any) return Status.skip();
      state.write(PRE_SCORE_KEY, scores);
      return undefined;
    },
    score(state, _pod, ni) {
      const scores = state.read<Map<string, number>>(PRE_SCORE_KEY);
      if (!scores) return 0;
      let total = 0;
      for (const [k, v] of Object.entries(ni.node.metadata?.labels ?? {})) total += scores.get(pairKey(k, v)) ?? 0;
      return total;
    },
    normalizeScore(_state, _pod, scores) {
      let min = Infinity;
      let max = -Infinity;
      for (const s of scores) {
        min = Math.min(min, s.score);
        max = Math.max(max, s.score);
      }
      const diff = max - min;
      for (const s of scores) s.score = diff > 0 ? Math.floor((MAX_NODE_SCORE * (s.score - min)) / diff) : 0;
    },
  };
}
