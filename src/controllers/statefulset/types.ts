// The apps/v1 StatefulSet shapes the controller reads and writes, the
// resources it touches, and the labels it stamps on pods (upstream's
// apps/v1 constants).
import type { KubeObject, ObjectMeta } from '../../apiserver/types.js';
import type { GVR } from '../../client/types.js';
import type { PodTemplate } from '../pod-control.js';

export const STATEFULSETS: GVR = { group: 'apps', version: 'v1', resource: 'statefulsets' };
export const CONTROLLER_REVISIONS: GVR = { group: 'apps', version: 'v1', resource: 'controllerrevisions' };
export const PVCS: GVR = { group: '', version: 'v1', resource: 'persistentvolumeclaims' };

export const SET_KIND = 'StatefulSet';
export const SET_API_VERSION = 'apps/v1';

export const POD_NAME_LABEL = 'statefulset.kubernetes.io/pod-name';
export const POD_INDEX_LABEL = 'apps.kubernetes.io/pod-index';
export const REVISION_LABEL = 'controller-revision-hash';

export type RetentionType = 'Retain' | 'Delete';

export interface StatefulSetSpec {
  replicas?: number;
  selector?: { matchLabels?: Record<string, string>; matchExpressions?: unknown[] };
  template: PodTemplate;
  volumeClaimTemplates?: Claim[];
  serviceName?: string;
  podManagementPolicy?: 'OrderedReady' | 'Parallel';
  updateStrategy?: { type?: 'RollingUpdate' | 'OnDelete'; rollingUpdate?: { partition?: number; maxUnavailable?: number | string } };
  revisionHistoryLimit?: number;
  minReadySeconds?: number;
  persistentVolumeClaimRetentionPolicy?: { whenDeleted?: RetentionType; whenScaled?: RetentionType };
  ordinals?: { start?: number };
}

export interface StatefulSetStatus {
  observedGeneration?: number;
  replicas: number;
  readyReplicas?: number;
  currentReplicas?: number;
  updatedReplicas?: number;
  availableReplicas?: number;
  currentRevision?: string;
  updateRevision?: string;
  collisionCount?: number;
  conditions?: unknown[];
}

export interface StatefulSet extends KubeObject {
  metadata: ObjectMeta;
  spec: StatefulSetSpec;
  status?: StatefulSetStatus;
}

export interface Volume {
  name: string;
  persistentVolumeClaim?: { claimName: string; readOnly?: boolean };
  [k: string]: unknown;
}

export interface PodSpec {
  volumes?: Volume[];
  hostname?: string;
  subdomain?: string;
  [k: string]: unknown;
}

export interface Pod extends KubeObject {
  metadata: ObjectMeta;
  spec: PodSpec;
  status?: { phase?: string; conditions?: Array<{ type: string; status: string; lastTransitionTime?: string }> };
}

export interface Claim extends KubeObject {
  metadata: ObjectMeta;
  spec?: Record<string, unknown>;
}

export interface ControllerRevision extends KubeObject {
  metadata: ObjectMeta;
  data?: unknown;
  revision: number;
}
