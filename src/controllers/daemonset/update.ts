// RollingUpdate (upstream daemon/update.go rollingUpdate): which old pods to
// delete and on which nodes to create new ones, within maxUnavailable (no
// surge: delete old pods, manage recreates them) or maxSurge (create the new
// pod beside the old one, delete the old one once the new one is available).
import { isPodAvailable, isPodUpdated, templateGeneration } from './pods.js';
import { surgeCount, unavailableCount } from './manage.js';
import { nodeShouldRunDaemonPod } from './predicates.js';
import type { DaemonSet, Node, Pod } from './types.js';

export interface UpdatePlan {
  deletePods: string[];
  createOn: string[];
}

/** findUpdatedPodsOnNode: at most one new and one old live pod, else not ok. */
export function splitPodsOnNode(ds: DaemonSet, pods: Pod[], hash: string): { newPod?: Pod; oldPod?: Pod; ok: boolean } {
  const gen = templateGeneration(ds);
  let newPod: Pod | undefined;
  let oldPod: Pod | undefined;
  for (const p of pods) {
    if (p.metadata?.deletionTimestamp) continue;
    if (isPodUpdated(p, hash, gen)) {
      if (newPod) return { ok: false };
      newPod = p;
    } else {
      if (oldPod) return { ok: false };
      oldPod = p;
    }
  }
  return { newPod, oldPod, ok: true };
}

/** updatedDesiredNodeCounts: surge and unavailability budgets; adds empty entries for nodes that want a pod. */
export function desiredCounts(ds: DaemonSet, nodes: Node[], byNode: Map<string, Pod[]>): { maxSurge: number; maxUnavailable: number; desired: number } {
  let desired = 0;
  for (const n of nodes) {
    if (!nodeShouldRunDaemonPod(n, ds).shouldRun) continue;
    desired++;
    const name = String(n.metadata?.name);
    if (!byNode.has(name)) byNode.set(name, []);
  }
  const maxSurge = surgeCount(ds, desired);
  let maxUnavailable = unavailableCount(ds, desired);
  if (desired > 0 && maxSurge === 0 && maxUnavailable === 0) maxUnavailable = 1;
  return { maxSurge, maxUnavailable, desired };
}

export function planRollingUpdate(ds: DaemonSet, nodes: Node[], byNodeIn: Map<string, Pod[]>, hash: string, now: number): UpdatePlan {
  const byNode = new Map(byNodeIn);
  const { maxSurge, maxUnavailable, desired } = desiredCounts(ds, nodes, byNode);
  const minReady = ds.spec?.minReadySeconds ?? 0;
  const available = (p: Pod): boolean => isPodAvailable(p, minReady, now);
  const nodeByName = new Map(nodes.map((n) => [String(n.metadata?.name), n]));
  const shouldRun = (name: string): boolean => {
    const n = nodeByName.get(name);
    return !!n && nodeShouldRunDaemonPod(n, ds).shouldRun;
  };

  if (maxSurge === 0) {
    let unavailable = 0;
    const replacements: string[] = [];
    const candidates: string[] = [];
    for (const pods of byNode.values()) {
      const { newPod, oldPod, ok } = splitPodsOnNode(ds, pods, hash);
      if (!ok || (!oldPod && !newPod) || (oldPod && newPod)) {
        unavailable++; // manage sorts these nodes out; count them as unavailable
      } else if (newPod) {
        if (!available(newPod)) unavailable++;
      } else if (!available(oldPod!)) {
        replacements.push(String(oldPod!.metadata?.name));
      } else if (unavailable < maxUnavailable) {
        candidates.push(String(oldPod!.metadata?.name));
      }
    }
    const room = Math.min(Math.max(0, maxUnavailable - unavailable), candidates.length);
    return { deletePods: [...replacements, ...candidates.slice(0, room)], createOn: [] };
  }

  const deletePods: string[] = [];
  const shouldNotRun: string[] = [];
  const candidates: string[] = [];
  const allowed: string[] = [];
  let surging = 0;
  let numAvailable = 0;
  for (const [node, pods] of byNode) {
    const { newPod, oldPod, ok } = splitPodsOnNode(ds, pods, hash);
    if (!ok) {
      surging++;
      continue;
    }
    if (oldPod ? available(oldPod) : newPod ? available(newPod) : false) numAvailable++;
    if (!oldPod) continue;
    if (!newPod) {
      if (!available(oldPod)) {
        if (!shouldRun(node)) deletePods.push(String(oldPod.metadata?.name));
        else allowed.push(node);
      } else if (!shouldRun(node)) {
        shouldNotRun.push(String(oldPod.metadata?.name));
      } else if (surging < maxSurge) {
        candidates.push(node);
      }
      continue;
    }
    if (!available(newPod)) surging++;
    else deletePods.push(String(oldPod.metadata?.name));
  }
  // Pods on nodes that no longer want them go only while availability stays above the desired count.
  const deletable = Math.min(numAvailable - desired, shouldNotRun.length);
  if (deletable > 0) deletePods.push(...shouldNotRun.slice(0, deletable));
  const room = Math.min(Math.max(0, maxSurge - surging), candidates.length);
  return { deletePods, createOn: [...allowed, ...candidates.slice(0, room)] };
}
