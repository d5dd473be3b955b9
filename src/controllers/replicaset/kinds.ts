// What differs between ReplicaSet (apps/v1) and ReplicationController (core/v1):
// the resource, the kind written into owner references and events, the event
// source, and the selector (a LabelSelector, or a plain label map).
import type { KubeObject } from '../../apiserver/types.js';
import { labelSelectorAsSelector, type Selector } from '../../apiserver/kinds/apps/selector.js';
import type { GVR } from '../../client/types.js';
import type { PodTemplate } from '../pod-control.js';

export interface ReplicaCondition {
  type: string;
  status: string;
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
}

export interface ReplicaStatus {
  replicas?: number;
  fullyLabeledReplicas?: number;
  readyReplicas?: number;
  availableReplicas?: number;
  observedGeneration?: number;
  conditions?: ReplicaCondition[];
}

/** A ReplicaSet or a ReplicationController. */
export interface ReplicaOwner extends KubeObject {
  spec?: { replicas?: number; minReadySeconds?: number; selector?: unknown; template?: PodTemplate };
  status?: ReplicaStatus;
}

export interface ReplicaKind {
  /** Controller name as kube-controller-manager's --controllers knows it. */
  controllerName: string;
  gvr: GVR;
  kind: string;
  apiVersion: string;
  /** Event source component. */
  component: string;
  /** The owner's pod selector; undefined when it cannot be parsed. */
  selector(owner: ReplicaOwner): Selector | undefined;
}

export const REPLICASETS: GVR = { group: 'apps', version: 'v1', resource: 'replicasets' };
export const REPLICATIONCONTROLLERS: GVR = { group: '', version: 'v1', resource: 'replicationcontrollers' };

export const REPLICA_SET_KIND: ReplicaKind = {
  controllerName: 'replicaset',
  gvr: REPLICASETS,
  kind: 'ReplicaSet',
  apiVersion: 'apps/v1',
  component: 'replicaset-controller',
  selector: (o) => labelSelectorAsSelector(o.spec?.selector),
};

/** A label map as a selector (labels.SelectorFromSet): every pair must match; an empty map matches all. */
export function mapSelector(m: unknown): Selector | undefined {
  if (m === undefined || m === null) return { empty: true, matches: () => true };
  if (typeof m !== 'object' || Array.isArray(m)) return undefined;
  const pairs = Object.entries(m as Record<string, unknown>);
  if (pairs.some(([, v]) => typeof v !== 'string')) return undefined;
  return { empty: pairs.length === 0, matches: (labels) => pairs.every(([k, v]) => labels?.[k] === v) };
}

export const REPLICATION_CONTROLLER_KIND: ReplicaKind = {
  controllerName: 'replicationcontroller',
  gvr: REPLICATIONCONTROLLERS,
  kind: 'ReplicationController',
  apiVersion: 'v1',
  component: 'replication-controller',
  selector: (o) => mapSelector(o.spec?.selector),
};

export const desiredReplicas = (o: ReplicaOwner): number => o.spec?.replicas ?? 1;
