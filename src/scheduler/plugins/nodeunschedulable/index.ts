// NodeUnschedulable: a cordoned node (spec.unschedulable) takes only pods that
// tolerate the node.kubernetes.io/unschedulable:NoSchedule taint.
import type { FilterPlugin } from '../../framework/interfaces.js';
import { Status } from '../../framework/status.js';
import { TAINT_UNSCHEDULABLE, toleratedBy } from '../helpers/taints.js';

export const NAME = 'NodeUnschedulable';
export const ERR_REASON_UNSCHEDULABLE = 'node(s) were unschedulable';

export function newNodeUnschedulable(): FilterPlugin {
  return {
    name: NAME,
    filter(_state, pod, ni) {
      if (!ni.node.spec?.unschedulable) return undefined;
      if (toleratedBy({ key: TAINT_UNSCHEDULABLE, effect: 'NoSchedule' }, pod.spec?.tolerations ?? [])) return undefined;
      return Status.unresolvable(ERR_REASON_UNSCHEDULABLE);
    },
  };
}
