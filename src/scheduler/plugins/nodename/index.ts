// NodeName: a pod that names its node (spec.nodeName) only fits that node.
import type { FilterPlugin } from '../../framework/interfaces.js';
import { Status } from '../../framework/status.js';

export const NAME = 'NodeName';
export const ERR_REASON = "node(s) didn't match the requested node name";

export function newNodeName(): FilterPlugin {
  return {
    name: NAME,
    filter(_state, pod, ni) {
      const want = pod.spec?.nodeName;
      if (!want || want === ni.name) return undefined;
      return Status.unresolvable(ERR_REASON);
    },
  };
}
