// PodTopologySpread: DoNotSchedule constraints filter nodes whose domain would
// exceed maxSkew over the least-loaded domain; ScheduleAnyway constraints
// score emptier domains higher.
import type { FilterPlugin, PreFilterPlugin, PreScorePlugin, ScorePlugin } from '../../framework/interfaces.js';
import { MAX_NODE_SCORE } from '../../framework/interfaces.js';
import { Status } from '../../framework/status.js';
import { pairKey } from '../helpers/affinity-term.js';
import { type Constraint, constraintsOf, countMatches } from './constraints.js';

export const NAME = 'PodTopologySpread';
export const ERR_CONSTRAINTS = "node(s) didn't match pod topology spread constraints";
export const ERR_MISSING_LABEL = "node(s) didn't match pod topology spread constraints (missing required label)";
const PRE_FILTER_KEY = 'PreFilter' + NAME;
const PRE_SCORE_KEY = 'PreScore' + NAME;

interface FilterState {
  constraints: Constraint[];
  counts: Map<string, number>;
  /** Per constraint: the smallest count over its domains. */
  minMatch: number[];
}

interface ScoreState {
  constraints: Constraint[];
  counts: Map<string, number>;
  weights: number[];
  ignored: Set<string>;
}

export function newPodTopologySpread(): PreFilterPlugin & FilterPlugin & PreScorePlugin & ScorePlugin {
  return {
    name: NAME,
    preFilter(state, pod, snapshot) {
      const constraints = constraintsOf(pod, 'DoNotSchedule');
      if (!constraints.length) return undefined;
      const counts = countMatches(pod, snapshot.nodeInfos, constraints);
      const minMatch = constraints.map((c) => {
        const values = [...counts].filter(([k]) => k.startsWith(`${c.topologyKey}=`)).map(([, v]) => v);
        if (values.length < c.minDomains) return 0;
        return values.length ? Math.min(...values) : 0;
      });
      state.write(PRE_FILTER_KEY, { constraints, counts, minMatch } satisfies FilterState);
      return undefined;
    },
    filter(state, pod, ni) {
      const st = state.read<FilterState>(PRE_FILTER_KEY);
      if (!st) return undefined;
      const labels = ni.node.metadata?.labels ?? {};
      for (let i = 0; i < st.constraints.length; i++) {
        const c = st.constraints[i];
        const v = labels[c.topologyKey];
        if (v === undefined) return Status.unresolvable(ERR_MISSING_LABEL);
        const self = c.selects(pod) ? 1 : 0;
        const skew = (st.counts.get(pairKey(c.topologyKey, v)) ?? 0) + self - st.minMatch[i];
        if (skew > c.maxSkew) return Status.unschedulable(ERR_CONSTRAINTS);
      }
      return undefined;
    },
    preScore(state, pod, nodes, snapshot) {
      const constraints = constraintsOf(pod, 'ScheduleAnyway');
      if (!constraints.length) return Status.skip();
      const ignored = new Set<string>();
      const domains = constraints.map(() => new Set<string>());
      for (const ni of nodes) {
        const labels = ni.node.metadata?.labels ?? {};
        if (!constraints.every((c) => labels[c.topologyKey] !== undefined)) ignored.add(ni.name);
        else constraints.forEach((c, i) => domains[i].add(labels[c.topologyKey]));
      }
      const counts = countMatches(pod, snapshot.nodeInfos, constraints);
      const weights = domains.map((d) => Math.log(d.size + 2));
      state.write(PRE_SCORE_KEY, { constraints, counts, weights, ignored } satisfies ScoreState);
      return undefined;
    },
    score(state, _pod, ni) {
      const st = state.read<ScoreState>(PRE_SCORE_KEY);
      if (!st || st.ignored.has(ni.name)) return 0;
      const labels = ni.node.metadata?.labels ?? {};
      let total = 0;
      st.constraints.forEach((c, i) => {
        total += (st.counts.get(pairKey(c.topologyKey, labels[c.topologyKey])) ?? 0) * st.weights[i] + (c.maxSkew - 1);
      });
      return Math.round(total);
    },
    normalizeScore(state, _pod, scores) {
      const st = state.read<ScoreState>(PRE_SCORE_KEY);
      if (!st) return;
      const valid = scores.filter((s) => !st.ignored.has(s.name));
      const max = Math.max(0, ...valid.map((s) => s.score));
      const min = valid.length ? Math.min(...valid.map((s) => s.score)) : 0;
      for (const s of scores) {
        if (st.ignored.has(s.name)) s.score = 0;
        else if (max === 0) s.score = MAX_NODE_SCORE;
        else s.score = Math.floor((MAX_NODE_SCORE * (max + min - s.score)) / max);
      }
    },
  };
}
