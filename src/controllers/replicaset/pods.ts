// Pod predicates the ReplicaSet and disruption controllers share (upstream
// controller_utils and api/v1/pod): active, ready, available after
// minReadySeconds, when the pod became ready, and its restart counts.
import { readyCondition } from '../pod-conditions.js';
import type { KubeObject } from '../../apiserver/types.js';

export interface PodCondition {
  type: string;
  status: string;
  lastTransitionTime?: string;
}

interface ContainerStatus {
  name?: string;
  restartCount?: number;
}

export interface Pod extends KubeObject {
  spec?: { nodeName?: string; initContainers?: Array<{ name?: string; restartPolicy?: string }>; [k: string]: unknown };
  status?: {
    phase?: string;
    conditions?: PodCondition[];
    containerStatuses?: ContainerStatus[];
    initContainerStatuses?: ContainerStatus[];
    [k: string]: unknown;
  };
}

export const podPhase = (p: Pod): string => p.status?.phase ?? '';

export const isTerminal = (p: Pod): boolean => podPhase(p) === 'Succeeded' || podPhase(p) === 'Failed';

/** Neither finished nor being deleted (upstream FilterActivePods). */
export const isPodActive = (p: Pod): boolean => !isTerminal(p) && !p.metadata?.deletionTimestamp;

export { isPodReady, readyCondition } from '../pod-conditions.js';

/** When the pod last turned Ready (ms since epoch), if it is ready and says so. */
export function podReadyTime(p: Pod): number | undefined {
  const c = readyCondition(p);
  if (c?.status !== 'True' || !c.lastTransitionTime) return undefined;
  const t = Date.parse(c.lastTransitionTime);
  return Number.isNaN(t) ? undefined : t;
}

export { isPodAvailable } from '../pod-conditions.js';

/** Highest restart count of regular containers, and of sidecars (init containers with restartPolicy Always). */
export function maxContainerRestarts(p: Pod): { regular: number; sidecar: number } {
  let regular = 0;
  let sidecar = 0;
  for (const s of p.status?.containerStatuses ?? []) regular = Math.max(regular, s.restartCount ?? 0);
  const sidecars = new Set((p.spec?.initContainers ?? []).filter((c) => c.restartPolicy === 'Always').map((c) => c.name));
  for (const s of p.status?.initContainerStatuses ?? []) if (sidecars.has(s.name)) sidecar = Math.max(sidecar, s.restartCount ?? 0);
  return { regular, sidecar };
}
