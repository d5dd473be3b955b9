// TaintToleration: NoSchedule/NoExecute taints must be tolerated (Filter);
// fewer untolerated PreferNoSchedule taints score higher (Score, reversed).
// A node whose Ready condition is not True carries the implied not-ready or
// unreachable NoSchedule taint.
import type { FilterPlugin, ScorePlugin } from '../../framework/interfaces.js';
import { defaultNormalizeScore } from '../../framework/normalize.js';
import { Status } from '../../framework/status.js';
import { effectiveTaints, toleratedBy } from '../helpers/taints.js';

export const NAME = 'TaintToleration';

export function newTaintToleration(): FilterPlugin & ScorePlugin {
  return {
    name: NAME,
    filter(_state, pod, ni) {
      const tolerations = pod.spec?.tolerations ?? [];
      for (const t of effectiveTaints(ni.node)) {
        if (t.effect !== 'NoSchedule' && t.effect !== 'NoExecute') continue;
        if (!toleratedBy(t, tolerations)) return Status.unresolvable(`node(s) had untolerated taint {${t.key}: ${t.value ?? ''}}`);
      }
      return undefined;
    },
    score(_state, pod, ni) {
      // Only tolerations without an effect or with PreferNoSchedule count here, as upstream.
      const tolerations = (pod.spec?.tolerations ?? []).filter((t) => !t.effect || t.effect === 'PreferNoSchedule');
      return (ni.node.spec?.taints ?? []).filter((t) => t.effect === 'PreferNoSchedule' && !toleratedBy(t, tolerations)).length;
    },
    normalizeScore(_state, _pod, scores) {
      defaultNormalizeScore(scores, true);
    },
  };
}
