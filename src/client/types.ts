// The in-cluster client used by Skiff's own components (scheduler, node agent,
// controllers): a typed-enough REST client over the API server's HTTP API,
// shared informers (list + watch into a local cache, with resync), and a
// rate-limited work queue. Components depend on these interfaces only, so
// their tests can fake them.
import type { KubeObject } from '../apiserver/types.js';

/** A resource collection, e.g. {group:'', version:'v1', resource:'pods'}. */
export interface GVR {
  group: string;
  version: string;
  resource: string;
}

export interface ListOptions {
  labelSelector?: string;
  fieldSelector?: string;
  limit?: number;
  continue?: string;
  resourceVersion?: string;
}

export interface WriteOptions {
  fieldManager?: string;
  dryRun?: boolean;
}

export interface ObjectList<T extends KubeObject = KubeObject> {
  items: T[];
  metadata: { resourceVersion?: string; continue?: string };
}

export interface WatchEvent<T extends KubeObject = KubeObject> {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  object: T;
}

export interface WatchHandle {
  stop(): void;
}

/** Raised for any non-2xx answer; carries the Status from the server. */
export class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly status?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** REST access to any resource. `namespace` '' means cluster-scoped or all namespaces. */
export interface ResourceClient {
  get<T extends KubeObject = KubeObject>(gvr: GVR, namespace: string, name: string): Promise<T>;
  list<T extends KubeObject = KubeObject>(gvr: GVR, namespace: string, opts?: ListOptions): Promise<ObjectList<T>>;
  create<T extends KubeObject = KubeObject>(gvr: GVR, namespace: string, obj: T, opts?: WriteOptions): Promise<T>;
  update<T extends KubeObject = KubeObject>(gvr: GVR, namespace: string, obj: T, opts?: WriteOptions & { subresource?: string }): Promise<T>;
  /** `type`: 'merge' | 'strategic' | 'json' | 'apply' (apply needs opts.fieldManager). */
  patch<T extends KubeObject = KubeObject>(
    gvr: GVR,
    namespace: string,
    name: string,
    type: 'merge' | 'strategic' | 'json' | 'apply',
    patch: unknown,
    opts?: WriteOptions & { subresource?: string; force?: boolean },
  ): Promise<T>;
  delete(gvr: GVR, namespace: string, name: string, opts?: { gracePeriodSeconds?: number; propagationPolicy?: string; preconditions?: { uid?: string; resourceVersion?: string } }): Promise<void>;
  /** POST to a subresource, e.g. pods/binding or pods/eviction. */
  createSubresource<T = unknown>(gvr: GVR, namespace: string, name: string, subresource: string, body: unknown): Promise<T>;
  /** Streams watch events from `resourceVersion`; `onError` gets 410 Gone as ApiError(410). */
  watch<T extends KubeObject = KubeObject>(
    gvr: GVR,
    namespace: string,
    opts: ListOptions & { allowWatchBookmarks?: boolean; timeoutSeconds?: number },
    onEvent: (ev: WatchEvent<T>) => void,
    onClose: (err?: Error) => void,
  ): WatchHandle;
}

export interface EventHandlers<T extends KubeObject = KubeObject> {
  add?(obj: T): void;
  update?(oldObj: T, newObj: T): void;
  delete?(obj: T): void;
}

/** A list+watch cache of one resource, shared by the handlers registered on it. */
export interface Informer<T extends KubeObject = KubeObject> {
  addEventHandler(h: EventHandlers<T>): void;
  /** Resolves once the initial list is in the cache. */
  start(): Promise<void>;
  stop(): void;
  hasSynced(): boolean;
  /** `namespace/name` (or `name` when cluster-scoped) → object. */
  get(key: string): T | undefined;
  list(): T[];
  /** Objects whose index value matches (indexes registered with addIndex). */
  byIndex(index: string, value: string): T[];
  addIndex(name: string, fn: (obj: T) => string[]): void;
}

/** Rate-limited keyed work queue (client-go's workqueue): dedup, per-item exponential back-off. */
export interface WorkQueue {
  add(key: string): void;
  addAfter(key: string, delayMs: number): void;
  /** Re-queues with the item's back-off (5 ms doubling to 1000 s, like client-go). */
  addRateLimited(key: string): void;
  /** Clears an item's back-off after success. */
  forget(key: string): void;
  /** Next key to work on (undefined once shut down); call done() when finished. */
  get(): Promise<string | undefined>;
  done(key: string): void;
  len(): number;
  shutDown(): void;
}

export function objectKey(obj: KubeObject): string {
  const m = obj.metadata ?? {};
  return m.namespace ? `${m.namespace}/${m.name}` : String(m.name);
}
