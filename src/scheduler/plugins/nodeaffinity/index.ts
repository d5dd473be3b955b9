// NodeAffinity: spec.nodeSelector and required node affinity filter nodes;
// preferred terms add their weight to a node's score (normalized to 0–100).
import type { FilterPlugin, ScorePlugin } from '../../framework/interfaces.js';
import { defaultNormalizeScore } from '../../framework/normalize.js';
import { Status } from '../../framework/status.js';
import { matchTerm, podMatchesNodeSelectorAndAffinity } from '../helpers/node-selector.js';

export const NAME = 'NodeAffinity';
export const ERR_REASON_POD = "node(s) didn't match Pod's node affinity/selector";

export function newNodeAffinity(): FilterPlugin & ScorePlugin {
  return {
    name: NAME,
    filter(_state, pod, ni) {
      return podMatchesNodeSelectorAndAffinity(pod, ni.node) ? undefined : Status.unresolvable(ERR_REASON_POD);
    },
    score(_state, pod, ni) {
      let total = 0;
      for (const t of pod.spec?.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []) {
        if (t.weight && matchTerm(t.preference, ni.node)) total += t.weight;
      }
      return total;
    },
    normalizeScore(_state, _pod, scores) {
      defaultNormalizeScore(scores, false);
    },
  };
}
