// Taints and tolerations as the node lifecycle controller, the taint
// eviction manager and the DaemonSet controller use them (upstream
// pkg/apis/core/v1/helper and pkg/util/taints): matching, the taint keys the
// controllers own, and edits of a taint list.
import type * as k8s from 'kubernetes-types/core/v1.js';

export type Taint = k8s.Taint;
export type Toleration = k8s.Toleration;

export const TAINT_NOT_READY = 'node.kubernetes.io/not-ready';
export const TAINT_UNREACHABLE = 'node.kubernetes.io/unreachable';
export const TAINT_UNSCHEDULABLE = 'node.kubernetes.io/unschedulable';
export const TAINT_MEMORY_PRESSURE = 'node.kubernetes.io/memory-pressure';
export const TAINT_DISK_PRESSURE = 'node.kubernetes.io/disk-pressure';
export const TAINT_PID_PRESSURE = 'node.kubernetes.io/pid-pressure';
export const TAINT_NETWORK_UNAVAILABLE = 'node.kubernetes.io/network-unavailable';

/** Toleration.ToleratesTaint. */
export function tolerates(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key !== undefined && t.key !== '' && t.key !== taint.key) return false;
  switch (t.operator ?? 'Equal') {
    case 'Exists':
      return true;
    case 'Equal':
    case '':
      return (t.value ?? '') === (taint.value ?? '');
    default:
      return false;
  }
}

export function toleratedBy(taint: Taint, tolerations: Toleration[] | undefined): boolean {
  return (tolerations ?? []).some((t) => tolerates(t, taint));
}

/** The first taint (of those `filter` keeps) that no toleration tolerates. */
export function findUntoleratedTaint(taints: Taint[] | undefined, tolerations: Toleration[] | undefined, filter: (t: Taint) => boolean = () => true): Taint | undefined {
  return (taints ?? []).find((t) => filter(t) && !toleratedBy(t, tolerations));
}

/**
 * GetMatchingTolerations: whether every taint is tolerated and, per taint,
 * the first toleration that tolerates it.
 */
export function matchingTolerations(taints: Taint[], tolerations: Toleration[] | undefined): { all: boolean; used: Toleration[] } {
  const used: Toleration[] = [];
  for (const taint of taints) {
    const t = (tolerations ?? []).find((x) => tolerates(x, taint));
    if (!t) return { all: false, used: [] };
    used.push(t);
  }
  return { all: true, used };
}

/**
 * getMinTolerationTime in ms: 0 when any toleration has tolerationSeconds <= 0
 * (or none were used), -1 when none bounds the time (tolerated forever).
 */
export function minTolerationMs(used: Toleration[]): number {
  if (used.length === 0) return 0;
  let min = -1;
  for (const t of used) {
    if (t.tolerationSeconds === undefined || t.tolerationSeconds === null) continue;
    if (t.tolerationSeconds <= 0) return 0;
    const ms = t.tolerationSeconds * 1000;
    if (min < 0 || ms < min) min = ms;
  }
  return min;
}

export const sameTaint = (a: Taint, b: Taint): boolean => a.key === b.key && a.effect === b.effect;

export function hasTaint(taints: Taint[] | undefined, t: Taint): boolean {
  return (taints ?? []).some((x) => sameTaint(x, t));
}

/** `taints` without those in `remove` (by key and effect) plus those in `add` not present yet. */
export function editTaints(taints: Taint[] | undefined, add: Taint[], remove: Taint[]): { taints: Taint[]; changed: boolean } {
  const current = taints ?? [];
  const kept = current.filter((t) => !remove.some((r) => sameTaint(r, t)));
  const added = add.filter((a) => !kept.some((t) => sameTaint(a, t)));
  const changed = kept.length !== current.length || added.length > 0;
  return { taints: [...kept, ...added], changed };
}

export function noExecuteTaints(taints: Taint[] | undefined): Taint[] {
  return (taints ?? []).filter((t) => t.effect === 'NoExecute');
}
