// Writing a node's taints (upstream controller_utils SwapNodeControllerTaint /
// AddOrUpdateTaintOnNode), and TaintNodesByCondition: the NoSchedule taints a
// node's conditions and spec.unschedulable imply (doNoScheduleTaintingPass).
import type * as k8s from 'kubernetes-types/core/v1.js';
import type { KubeObject } from '../../apiserver/types.js';
import { NODES } from '../../client/gvr.js';
import { isConflict } from '../../client/errors.js';
import type { ResourceClient } from '../../client/types.js';
import {
  editTaints,
  type Taint,
  TAINT_DISK_PRESSURE,
  TAINT_MEMORY_PRESSURE,
  TAINT_NETWORK_UNAVAILABLE,
  TAINT_NOT_READY,
  TAINT_PID_PRESSURE,
  TAINT_UNREACHABLE,
  TAINT_UNSCHEDULABLE,
} from './taints.js';
import { timestamp } from '../../apiserver/registry/meta.js';

export type Node = k8s.Node & KubeObject;

export class NodeTaintUpdateError extends Error {
  constructor(node: string, cause: unknown) {
    super(`updating taints of node ${node}: ${(cause as Error)?.message ?? String(cause)}`);
    this.name = 'NodeTaintUpdateError';
  }
}

const iso = (d = new Date()): string => timestamp(d);

/** Adds `add` (stamped with timeAdded when NoExecute) and removes `remove` from the node; retries conflicts. */
export async function updateNodeTaints(client: ResourceClient, name: string, add: Taint[], remove: Taint[], cached?: Node): Promise<Node | undefined> {
  let node = cached;
  for (let attempt = 0; attempt < 5; attempt++) {
    node ??= await client.get<Node>(NODES, '', name);
    const stamped = add.map((t) => (t.effect === 'NoExecute' && !t.timeAdded ? { ...t, timeAdded: iso() } : t));
    const { taints, changed } = editTaints(node.spec?.taints, stamped, remove);
    if (!changed) return node;
    try {
      const patch = { metadata: { resourceVersion: node.metadata?.resourceVersion }, spec: { taints: taints.length ? taints : null } };
      return await client.patch<Node>(NODES, '', name, 'merge', patch);
    } catch (e) {
      if (!isConflict(e)) throw e;
      node = undefined;
    }
  }
  throw new NodeTaintUpdateError(name, new Error('too many conflicts'));
}

/** Condition (type, status) → NoSchedule taint key, as upstream's nodeConditionToTaintKeyStatusMap. */
const CONDITION_TAINTS: Array<{ type: string; status: string; key: string }> = [
  { type: 'Ready', status: 'False', key: TAINT_NOT_READY },
  { type: 'Ready', status: 'Unknown', key: TAINT_UNREACHABLE },
  { type: 'MemoryPressure', status: 'True', key: TAINT_MEMORY_PRESSURE },
  { type: 'DiskPressure', status: 'True', key: TAINT_DISK_PRESSURE },
  { type: 'PIDPressure', status: 'True', key: TAINT_PID_PRESSURE },
  { type: 'NetworkUnavailable', status: 'True', key: TAINT_NETWORK_UNAVAILABLE },
];

/** Every taint key TaintNodesByCondition manages (with effect NoSchedule). */
export const NO_SCHEDULE_KEYS = [...CONDITION_TAINTS.map((c) => c.key), TAINT_UNSCHEDULABLE];

/** The NoSchedule taints the node's conditions and spec.unschedulable call for. */
export function conditionTaints(node: Node): Taint[] {
  const out: Taint[] = [];
  for (const c of node.status?.conditions ?? []) {
    const m = CONDITION_TAINTS.find((x) => x.type === c.type && x.status === c.status);
    if (m) out.push({ key: m.key, effect: 'NoSchedule' });
  }
  if (node.spec?.unschedulable) out.push({ key: TAINT_UNSCHEDULABLE, effect: 'NoSchedule' });
  return out;
}

/** What doNoScheduleTaintingPass would add and remove on `node`. */
export function noScheduleDiff(node: Node): { add: Taint[]; remove: Taint[] } {
  const want = conditionTaints(node);
  const have = (node.spec?.taints ?? []).filter((t) => t.effect === 'NoSchedule' && NO_SCHEDULE_KEYS.includes(t.key));
  return {
    add: want.filter((w) => !have.some((h) => h.key === w.key)),
    remove: have.filter((h) => !want.some((w) => w.key === h.key)),
  };
}
