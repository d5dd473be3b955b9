// Node table (printNode): STATUS ROLES AGE VERSION, wide INTERNAL-IP
// EXTERNAL-IP OS-IMAGE KERNEL-VERSION CONTAINER-RUNTIME.
import type { KubeObject, TablePrinter } from '../types.js';
import { docs } from './descriptions.js';
import { age, ageColumn, arr, col, nameColumn, nameOf, rec, sortedSet, str } from './util.js';

const ROLE_PREFIX = 'node-role.kubernetes.io/';
const ROLE_LABEL = 'kubernetes.io/role';

/** Roles from `node-role.kubernetes.io/<role>` keys and the `kubernetes.io/role` value, sorted. */
export function nodeRoles(node: KubeObject): string[] {
  const roles: string[] = [];
  for (const [k, v] of Object.entries(node.metadata?.labels ?? {})) {
    if (k.startsWith(ROLE_PREFIX)) {
      const role = k.slice(ROLE_PREFIX.length);
      if (role !== '') roles.push(role);
    } else if (k === ROLE_LABEL && v !== '') {
      roles.push(v);
    }
  }
  return sortedSet(roles);
}

function nodeStatus(node: KubeObject): string {
  const status: string[] = [];
  const ready = arr(rec(node.status).conditions).map(rec).filter((c) => c.type === 'Ready').pop();
  if (ready) status.push(ready.status === 'True' ? 'Ready' : 'NotReady');
  if (status.length === 0) status.push('Unknown');
  if (rec(node.spec).unschedulable === true) status.push('SchedulingDisabled');
  return status.join(',');
}

function address(node: KubeObject, type: string): string {
  const a = arr(rec(node.status).addresses).map(rec).find((x) => x.type === type);
  return a ? str(a.address) : '<none>';
}

const orUnknown = (s: string): string => (s === '' ? '<unknown>' : s);

export const nodePrinter: TablePrinter = {
  columns: [
    nameColumn(),
    col('Status', 'string', 'The status of the node'),
    col('Roles', 'string', 'The roles of the node'),
    ageColumn(),
    col('Version', 'string', docs['NodeSystemInfo.kubeletVersion']),
    col('Internal-IP', 'string', docs['NodeStatus.addresses'], 1),
    col('External-IP', 'string', docs['NodeStatus.addresses'], 1),
    col('OS-Image', 'string', docs['NodeSystemInfo.osImage'], 1),
    col('Kernel-Version', 'string', docs['NodeSystemInfo.kernelVersion'], 1),
    col('Container-Runtime', 'string', docs['NodeSystemInfo.containerRuntimeVersion'], 1),
  ],
  cells(o, now) {
    const info = rec(rec(o.status).nodeInfo);
    const roles = nodeRoles(o).join(',') || '<none>';
    return [
      nameOf(o), nodeStatus(o), roles, age(o, now), str(info.kubeletVersion),
      address(o, 'InternalIP'), address(o, 'ExternalIP'),
      orUnknown(str(info.osImage)), orUnknown(str(info.kernelVersion)), orUnknown(str(info.containerRuntimeVersion)),
    ];
  },
};
