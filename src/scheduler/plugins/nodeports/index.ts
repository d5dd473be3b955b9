// NodePorts: a pod's host ports must be free on the node. 0.0.0.0 conflicts
// with every address for the same protocol and port.
import type { FilterPlugin, PreFilterPlugin } from '../../framework/interfaces.js';
import { hostPortsOf, type HostPorts } from '../../framework/node-info.js';
import { Status } from '../../framework/status.js';

export const NAME = 'NodePorts';
export const ERR_REASON = "node(s) didn't have free ports for the requested pod ports";
const STATE_KEY = 'PreFilter' + NAME;

export function portsConflict(used: HostPorts, wanted: Array<[string, string]>): boolean {
  for (const [ip, pp] of wanted) {
    if (ip === '0.0.0.0') {
      for (const set of used.values()) if (set.has(pp)) return true;
    } else if (used.get(ip)?.has(pp) || used.get('0.0.0.0')?.has(pp)) return true;
  }
  return false;
}

export function newNodePorts(): PreFilterPlugin & FilterPlugin {
  return {
    name: NAME,
    preFilter(state, pod) {
      state.write(STATE_KEY, hostPortsOf(pod));
      return undefined;
    },
    filter(state, pod, ni) {
      const wanted = state.read<Array<[string, string]>>(STATE_KEY) ?? hostPortsOf(pod);
      return wanted.length && portsConflict(ni.usedPorts, wanted) ? Status.unschedulable(ERR_REASON) : undefined;
    },
  };
}
