// Shared shapes of the API server: objects, resource definitions, per-kind
// strategies (kube-apiserver's generic registry) and server-side tables.
import type { FieldError } from './validation/field.js';

/** Any Kubernetes object as JSON. */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMeta;
  [field: string]: unknown;
}

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

export interface ManagedFieldsEntry {
  manager?: string;
  operation?: 'Apply' | 'Update';
  apiVersion?: string;
  time?: string;
  fieldsType?: 'FieldsV1';
  fieldsV1?: Record<string, unknown>;
  subresource?: string;
}

export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string | null;
  deletionTimestamp?: string;
  deletionGracePeriodSeconds?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
  finalizers?: string[];
  managedFields?: ManagedFieldsEntry[];
  selfLink?: string;
  [field: string]: unknown;
}

export interface GroupVersionKind {
  group: string;
  version: string;
  kind: string;
}

/** What a strategy hook knows about the request. */
export interface StrategyContext {
  /** Namespace from the URL ('' for cluster-scoped). */
  namespace: string;
  /** Subresource being written ('' for the main resource, 'status', 'scale', …). */
  subresource: string;
  /** Read other objects (e.g. a namespace), for validations that need them. */
  dryRun: boolean;
}

/**
 * Per-kind behaviour plugged into the generic store. Every hook is optional;
 * the store already handles metadata (names, uid, timestamps, generation bumps
 * for spec changes, resourceVersion, immutability of name/namespace/uid).
 */
export interface Strategy {
  /** Apply upstream defaults in place (called on every decoded create/update/patch body). */
  defaults?(obj: KubeObject): void;
  /** Before create: e.g. clear status, set initial status fields. */
  prepareForCreate?(obj: KubeObject, ctx: StrategyContext): void;
  /** Validation of a new object, one FieldError per bad field. */
  validate?(obj: KubeObject, ctx: StrategyContext): FieldError[];
  /** Before update of the main resource: e.g. keep the old status. */
  prepareForUpdate?(obj: KubeObject, old: KubeObject, ctx: StrategyContext): void;
  /** Validation of an update, including immutable fields. */
  validateUpdate?(obj: KubeObject, old: KubeObject, ctx: StrategyContext): FieldError[];
  /** Before update through the status subresource: e.g. keep the old spec. Default keeps everything but status. */
  prepareForStatusUpdate?(obj: KubeObject, old: KubeObject, ctx: StrategyContext): void;
  validateStatusUpdate?(obj: KubeObject, old: KubeObject, ctx: StrategyContext): FieldError[];
  /** Warnings to return in `Warning` headers (deprecated fields etc.). */
  warnings?(obj: KubeObject, old: KubeObject | undefined): string[];
  /**
   * Default grace period for a delete, in seconds (e.g. pods: spec.terminationGracePeriodSeconds).
   * Undefined means the object is deleted at once (after finalizers).
   */
  gracePeriodSeconds?(obj: KubeObject): number | undefined;
  /**
   * Called when a delete would remove the object: returns true (after marking
   * `obj`, e.g. a namespace's phase Terminating) when deletion must wait for
   * something other than metadata.finalizers, such as a namespace's spec.finalizers.
   */
  deletionPending?(obj: KubeObject): boolean;
  /** Whether a write to the main resource changed the spec (bumps metadata.generation). Default: everything but metadata and status differs. */
  specChanged?(obj: KubeObject, old: KubeObject): boolean;
  /** Extra field selectors this kind supports (besides metadata.name / metadata.namespace). */
  fieldLabels?(obj: KubeObject): Record<string, string>;
}

/** Scale subresource mapping (like CRD scale subresource paths). */
export interface ScaleSpec {
  /** JSON path of desired replicas, e.g. `.spec.replicas`. */
  specReplicasPath: string;
  statusReplicasPath: string;
  /** Path whose value is a label selector; for built-ins `.spec.selector` (LabelSelector) or `.status.selector` (string). */
  labelSelectorPath?: string;
}

export interface TableColumnDefinition {
  name: string;
  type: 'string' | 'integer' | 'number' | 'boolean' | 'date';
  format: string;
  description: string;
  priority: number;
}

/** Turns objects into rows for `kubectl get` (meta.k8s.io/v1 Table). */
export interface TablePrinter {
  columns: TableColumnDefinition[];
  /** One row of cells per object, in column order. `now` makes AGE deterministic in tests. */
  cells(obj: KubeObject, now: Date): unknown[];
}

export interface StorageView {
  /** Collection prefix of the stored resource, e.g. `/registry/core/events/`. */
  prefix: string;
  toStorage(obj: KubeObject): KubeObject;
  fromStorage(obj: KubeObject): KubeObject;
}

/** A served resource (one REST collection). */
export interface ResourceDef {
  group: string;
  version: string;
  kind: string;
  listKind: string;
  /** Plural lower-case name used in URLs. */
  plural: string;
  singular: string;
  namespaced: boolean;
  shortNames?: string[];
  categories?: string[];
  /** Verbs on the collection/object, as discovery shows them. */
  verbs: string[];
  /** Subresources served, e.g. status, scale, binding, eviction, log, exec. */
  subresources?: {
    status?: boolean;
    scale?: ScaleSpec;
  };
  strategy: Strategy;
  table?: TablePrinter;
  /**
   * Stored in another resource's collection and converted on the way in and
   * out (events.k8s.io/v1 Events live with core/v1 Events, as upstream).
   */
  storage?: StorageView;
  /** Status sent on create is kept (Nodes register with their status); otherwise it is dropped. */
  keepStatusOnCreate?: boolean;
  /** Defined by a CustomResourceDefinition (no strategic merge patch, schema from the CRD). */
  crd?: boolean;
  /** Other versions/groups under which the same storage is reachable are not modelled yet. */
  storageVersionHash?: string;
}
