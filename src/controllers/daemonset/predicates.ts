// NodeShouldRunDaemonPod (upstream daemon_controller.go): whether a daemon
// pod should be created on a node (nodeName, nodeSelector, required node
// affinity, NoSchedule/NoExecute taints against the pod's tolerations plus
// the daemon defaults) and whether a pod already there may keep running
// (only NoExecute taints evict).
import type { k8s } from '../../scheduler/framework/types.js';
import { podMatchesNodeSelectorAndAffinity } from '../../scheduler/plugins/helpers/node-selector.js';
import { findUntoleratedTaint } from '../nodelifecycle/taints.js';
import { daemonTolerations } from './pods.js';
import type { DaemonSet, Node, Pod } from './types.js';

export interface NodeVerdict {
  shouldRun: boolean;
  shouldContinueRunning: boolean;
}

export function nodeShouldRunDaemonPod(node: Node, ds: DaemonSet): NodeVerdict {
  const name = String(node.metadata?.name);
  const spec = (ds.spec?.template?.spec ?? { containers: [] }) as k8s.PodSpec;
  if (spec.nodeName && spec.nodeName !== name) return { shouldRun: false, shouldContinueRunning: false };
  const pod = { metadata: {}, spec: { ...spec, nodeName: name, tolerations: daemonTolerations(spec) } } as Pod;
  if (!podMatchesNodeSelectorAndAffinity(pod as never, node as never)) return { shouldRun: false, shouldContinueRunning: false };
  const tolerations = pod.spec!.tolerations;
  const blocking = findUntoleratedTaint(node.spec?.taints, tolerations, (t) => t.effect === 'NoSchedule' || t.effect === 'NoExecute');
  if (blocking) {
    const evicting = findUntoleratedTaint(node.spec?.taints, tolerations, (t) => t.effect === 'NoExecute');
    return { shouldRun: false, shouldContinueRunning: !evicting };
  }
  return { shouldRun: true, shouldContinueRunning: true };
}
