// DaemonSet status (upstream updateDaemonSetStatus): per node that should run
// the daemon, whether a pod is scheduled there and whether the oldest one is
// ready, available and from the current revision; pods on nodes that should
// not run it are misscheduled.
import { byCreation, isPodAvailable, isPodReady, isPodUpdated, templateGeneration } from './pods.js';
import { nodeShouldRunDaemonPod } from './predicates.js';
import type { DaemonSet, DaemonSetStatus, Node, Pod } from './types.js';

export function computeStatus(ds: DaemonSet, nodes: Node[], byNode: Map<string, Pod[]>, hash: string, now: number): DaemonSetStatus {
  let desired = 0;
  let current = 0;
  let misscheduled = 0;
  let ready = 0;
  let available = 0;
  let updated = 0;
  const gen = templateGeneration(ds);
  const minReady = ds.spec?.minReadySeconds ?? 0;
  for (const node of nodes) {
    const pods = byNode.get(String(node.metadata?.name)) ?? [];
    const scheduled = pods.length > 0;
    if (!nodeShouldRunDaemonPod(node, ds).shouldRun) {
      if (scheduled) misscheduled++;
      continue;
    }
    desired++;
    if (!scheduled) continue;
    current++;
    const pod = [...pods].sort(byCreation)[0]!;
    if (isPodReady(pod)) {
      ready++;
      if (isPodAvailable(pod, minReady, now)) available++;
    }
    if (isPodUpdated(pod, hash, gen)) updated++;
  }
  const status: DaemonSetStatus = {
    ...(ds.status ?? {}),
    currentNumberScheduled: current,
    numberMisscheduled: misscheduled,
    desiredNumberScheduled: desired,
    numberReady: ready,
    updatedNumberScheduled: updated,
    numberAvailable: available,
    numberUnavailable: desired - available,
    observedGeneration: ds.metadata?.generation,
  };
  return status;
}

const FIELDS: Array<keyof DaemonSetStatus> = [
  'currentNumberScheduled',
  'numberMisscheduled',
  'desiredNumberScheduled',
  'numberReady',
  'updatedNumberScheduled',
  'numberAvailable',
  'numberUnavailable',
  'observedGeneration',
];

export function statusChanged(before: DaemonSetStatus | undefined, after: DaemonSetStatus): boolean {
  return FIELDS.some((f) => (before?.[f] ?? 0) !== (after[f] ?? 0));
}
