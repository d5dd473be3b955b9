// policy/v1 PodDisruptionBudget as the disruption controller reads and writes it.
import type { KubeObject } from '../../apiserver/types.js';
import type { GVR } from '../../client/types.js';

export const PDBS: GVR = { group: 'policy', version: 'v1', resource: 'poddisruptionbudgets' };

export interface PdbCondition {
  type: string;
  status: string;
  observedGeneration?: number;
  lastTransitionTime?: string;
  reason: string;
  message: string;
}

export interface PdbStatus {
  observedGeneration?: number;
  disruptedPods?: Record<string, string>;
  disruptionsAllowed?: number;
  currentHealthy?: number;
  desiredHealthy?: number;
  expectedPods?: number;
  conditions?: PdbCondition[];
}

export interface Pdb extends KubeObject {
  spec?: { minAvailable?: number | string; maxUnavailable?: number | string; selector?: unknown; unhealthyPodEvictionPolicy?: string };
  status?: PdbStatus;
}

export const DISRUPTION_ALLOWED = 'DisruptionAllowed';
export const SUFFICIENT_PODS = 'SufficientPods';
export const INSUFFICIENT_PODS = 'InsufficientPods';
export const SYNC_FAILED = 'SyncFailed';
/** How long an eviction recorded in disruptedPods keeps the pod out of the healthy count. */
export const DELETION_TIMEOUT_MS = 2 * 60 * 1000;
