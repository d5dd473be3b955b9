// FakeResourceClient: an in-memory ResourceClient for unit tests of
// controllers and the scheduler. One global resourceVersion, selectors,
// watch with history replay (410 once compacted), pods/binding and
// pods/eviction, status subresources, a log of actions and reactors to
// inject failures.
import { randomUUID } from 'node:crypto';
import { applyJsonPatch, mergePatch } from '../apiserver/patch/index.js';
import type { KubeObject } from '../apiserver/types.js';
import { gvrKey } from './gvr.js';
import { selectorMatcher } from './match.js';
import { strategicMerge } from './strategic.js';
import { ApiError, type GVR, type ListOptions, type ObjectList, type ResourceClient, type WatchEvent, type WatchHandle, type WriteOptions } from './types.js';

export interface FakeAction {
  verb: 'get' | 'list' | 'create' | 'update' | 'patch' | 'delete' | 'watch' | 'createSubresource';
  resource: string;
  namespace: string;
  name?: string;
  subresource?: string;
  body?: unknown;
}

/** Returns a result to short-circuit the call, throws to fail it, or undefined to carry on. */
export type Reactor = (a: FakeAction) => unknown;

interface HistoryEntry {
  gvr: string;
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  obj: KubeObject;
  prev?: KubeObject;
  rv: number;
}

interface Watcher {
  gvr: string;
  namespace: string;
  match: (o: KubeObject) => boolean;
  bookmarks: boolean;
  send(ev: WatchEvent): void;
  close(err?: Error): void;
}

const clone = <T>(v: T): T => structuredClone(v);

function keyOf(namespace: string, name: string): string {
  return namespace ? `${namespace}/${name}` : name;
}

export class FakeResourceClient implements ResourceClient {
  readonly actions: FakeAction[] = [];
  private readonly reactors: Reactor[] = [];
  private readonly data = new Map<string, Map<string, KubeObject>>();
  private readonly history: HistoryEntry[] = [];
  private readonly watchers = new Set<Watcher>();
  private rv = 0;
  private compactedRv = 0;

  /** Current global resourceVersion. */
  get resourceVersion(): string {
    return String(this.rv);
  }

  prependReactor(r: Reactor): void {
    this.reactors.unshift(r);
  }

  /** Objects currently stored for `gvr` (copies). */
  objects<T extends KubeObject = KubeObject>(gvr: GVR): T[] {
    return [...this.table(gvr).values()].map((o) => clone(o) as T);
  }

  /** Makes every resourceVersion up to now unavailable for watch replay (410 Gone). */
  compact(): void {
    this.compactedRv = this.rv;
    this.history.length = 0;
  }

  /** Ends every open watch, with `err` or cleanly. */
  breakWatches(err?: Error): void {
    for (const w of [...this.watchers]) w.close(err);
  }

  /** Sends a BOOKMARK at the current revision to watches that asked for them. */
  sendBookmarks(): void {
    for (const w of this.watchers) if (w.bookmarks) w.send({ type: 'BOOKMARK', object: { metadata: { resourceVersion: this.resourceVersion } } });
  }

  openWatches(): number {
    return this.watchers.size;
  }

  async get<T extends KubeObject = KubeObject>(gvr: GVR, namespace: string, name: string): Promise<T> {
    const r = this.react({ verb: 'get', resource: gvr.resource, namespace, name });
    if (r !== undefined) return r as T;
    return clone(this.mustGet(gvr, namespace, name)) as T;
  }

  async list<T extends KubeObject = KubeObject>(gvr: GVR, namespace: string, opts: ListOptions = {}): Promise<ObjectList<T>> {
    const r = this.react({ verb: 'list', resource: gvr.resource, namespace });
    if (r !== undefined) return r as ObjectList<T>;
    const match = selectorMatcher(opts);
    const all = [...this.table(gvr).entries()]
      .filter(([, o]) => (!namespace || o.metadata?.namespace === namespace) && match(o))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, o]) => clone(o) as T);
    const start = opts.continue ? Number(opts.continue) : 0;
    const end = opts.limit ? start + opts.limit : all.length;
    const metadata: ObjectList['metadata'] = { resourceVersion: this.resourceVersion };
    if (end < all.length) metadata.continue = String(end);
    return { items: all.slice(start, end), metadata };
  }

  async create<T extends KubeObject = KubeObject>(gvr: GVR, namespace: string, obj: T, opts: WriteOptions = {}): Promise<T> {
    const r = this.react({ verb: 'create', resource: gvr.resource, namespace, name: obj.metadata?.name, body: obj });
    if (r !== undefined) return r as T;
    const o = clone(obj) as KubeObject;
    const meta = (o.metadata ??= {});
    if (!meta.name && meta.generateName) meta.name = meta.generateName + Math.random().toString(36).slice(2, 7);
    if (!meta.name) throw new ApiError(422, 'Invalid', `${gvr.resource} "": name or generateName is required`);
    if (namespace) meta.namespace = namespace;
    const key = keyOf(namespace, meta.name);
    if (this.table(gvr).has(key)) throw new ApiError(409, 'AlreadyExists', `${gvr.resource} "${meta.name}" already exists`);
    meta.uid ??= randomUUID();
    meta.creationTimestamp ??= new Date().toISOString();
    if (opts.dryRun) return o as T;
    return this.store(gvr, key, o, 'ADDED') as T;
  }

  async update<T extends KubeObject = KubeObject>(gvr: GVR, namespace: string, obj: T, opts: WriteOptions & { subresource?: string } = {}): Promise<T> {
    const name = obj.metadata?.name ?? '';
    const r = this.react({ verb: 'update', resource: gvr.resource, namespace, name, subresource: opts.subresource, body: obj });
    if (r !== undefined) return r as T;
    const old = this.mustGet(gvr, namespace, name);
    const want = obj.metadata?.resourceVersion;
    if (want && want !== old.metadata?.resourceVersion) throw this.conflict(gvr, name);
    return this.replace(gvr, namespace, old, clone(obj) as KubeObject, opts.subresource, opts.dryRun) as T;
  }

  async patch<T extends KubeObject = KubeObject>(
    gvr: GVR,
    namespace: string,
    name: string,
    type: 'merge' | 'strategic' | 'json' | 'apply',
    patch: unknown,
    opts: WriteOptions & { subresource?: string; force?: boolean } = {},
  ): Promise<T> {
    const r = this.react({ verb: 'patch', resource: gvr.resource, namespace, name, subresource: opts.subresource, body: patch });
    if (r !== undefined) return r as T;
    const old = this.table(gvr).get(keyOf(namespace, name));
    if (!old) {
      if (type === 'apply') return this.create(gvr, namespace, { ...(patch as KubeObject), metadata: { ...(patch as KubeObject).metadata, name } } as T);
      throw this.notFound(gvr, name);
    }
    const body = typeof patch === 'string' ? JSON.parse(patch) : patch;
    let next: unknown;
    if (type === 'json') next = applyJsonPatch(clone(old), body);
    else if (type === 'strategic' || type === 'apply') next = strategicMerge(clone(old), body);
    else next = mergePatch(clone(old), body);
    const want = (next as KubeObject).metadata?.resourceVersion;
    if (want && want !== old.metadata?.resourceVersion) throw this.conflict(gvr, name);
    return this.replace(gvr, namespace, old, next as KubeObject, opts.subresource, opts.dryRun) as T;
  }

  async delete(gvr: GVR, namespace: string, name: string, opts: { preconditions?: { uid?: string; resourceVersion?: string } } = {}): Promise<void> {
    const r = this.react({ verb: 'delete', resource: gvr.resource, namespace, name, body: opts });
    if (r !== undefined) return;
    const old = this.mustGet(gvr, namespace, name);
    const pre = opts.preconditions;
    if (pre?.uid && pre.uid !== old.metadata?.uid) throw this.conflict(gvr, name, `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${old.metadata?.uid}`);
    if (pre?.resourceVersion && pre.resourceVersion !== old.metadata?.resourceVersion) throw this.conflict(gvr, name);
    const key = keyOf(namespace, name);
    if (old.metadata?.finalizers?.length) {
      if (!old.metadata.deletionTimestamp) {
        const next = clone(old);
        next.metadata!.deletionTimestamp = new Date().toISOString();
        this.store(gvr, key, next, 'MODIFIED', old);
      }
      return;
    }
    this.table(gvr).delete(key);
    this.rv++;
    const gone = clone(old);
    gone.metadata!.resourceVersion = String(this.rv);
    this.record({ gvr: gvrKey(gvr), type: 'DELETED', obj: gone, prev: old, rv: this.rv });
  }

  async createSubresource<T = unknown>(gvr: GVR, namespace: string, name: string, subresource: string, body: unknown): Promise<T> {
    const r = this.react({ verb: 'createSubresource', resource: gvr.resource, namespace, name, subresource, body });
    if (r !== undefined) return r as T;
    const old = this.mustGet(gvr, namespace, name);
    if (gvr.resource === 'pods' && subresource === 'binding') {
      const target = ((body as KubeObject).target ?? {}) as { name?: string };
      if (!target.name) throw new ApiError(400, 'BadRequest', 'Binding.target.name is required');
      const spec = (old.spec ?? {}) as { nodeName?: string };
      if (spec.nodeName) throw this.conflict(gvr, name, `pod ${name} is already assigned to node "${spec.nodeName}"`);
      const next = clone(old);
      (next.spec as Record<string, unknown>).nodeName = target.name;
      this.store(gvr, keyOf(namespace, name), next, 'MODIFIED', old);
      return { kind: 'Status', apiVersion: 'v1', status: 'Success', code: 201 } as T;
    }
    if (gvr.resource === 'pods' && subresource === 'eviction') {
      await this.delete(gvr, namespace, name);
      return { kind: 'Status', apiVersion: 'v1', status: 'Success', code: 201 } as T;
    }
    throw new ApiError(404, 'NotFound', `the server could not find the requested resource (post ${gvr.resource} ${subresource})`);
  }

  watch<T extends KubeObject = KubeObject>(
    gvr: GVR,
    namespace: string,
    opts: ListOptions & { allowWatchBookmarks?: boolean },
    onEvent: (ev: WatchEvent<T>) => void,
    onClose: (err?: Error) => void,
  ): WatchHandle {
    this.actions.push({ verb: 'watch', resource: gvr.resource, namespace });
    let open = true;
    // Deliveries go through a microtask queue so handlers never run inside the writer's call.
    const w: Watcher = {
      gvr: gvrKey(gvr),
      namespace,
      match: selectorMatcher(opts),
      bookmarks: !!opts.allowWatchBookmarks,
      send: (ev) => queueMicrotask(() => open && onEvent(clone(ev) as WatchEvent<T>)),
      close: (err) => {
        this.watchers.delete(w);
        queueMicrotask(() => {
          if (!open) return;
          open = false;
          onClose(err);
        });
      },
    };
    const from = opts.resourceVersion ?? '';
    if (from === '' || from === '0') {
      for (const o of this.table(gvr).values()) if (this.inScope(w, o) && w.match(o)) w.send({ type: 'ADDED', object: o });
    } else if (Number(from) < this.compactedRv) {
      w.close(new ApiError(410, 'Expired', `too old resource version: ${from} (${this.compactedRv})`));
      return { stop: () => void (open = false) };
    } else {
      for (const h of this.history) if (h.rv > Number(from) && h.gvr === w.gvr) this.deliver(w, h);
    }
    this.watchers.add(w);
    return {
      stop: () => {
        open = false;
        this.watchers.delete(w);
      },
    };
  }

  private react(a: FakeAction): unknown {
    this.actions.push(a);
    for (const r of this.reactors) {
      const out = r(a);
      if (out !== undefined) return out;
    }
    return undefined;
  }

  private table(gvr: GVR): Map<string, KubeObject> {
    const k = gvrKey(gvr);
    let t = this.data.get(k);
    if (!t) this.data.set(k, (t = new Map()));
    return t;
  }

  private mustGet(gvr: GVR, namespace: string, name: string): KubeObject {
    const o = this.table(gvr).get(keyOf(namespace, name));
    if (!o) throw this.notFound(gvr, name);
    return o;
  }

  private notFound(gvr: GVR, name: string): ApiError {
    return new ApiError(404, 'NotFound', `${gvr.resource} "${name}" not found`);
  }

  private conflict(gvr: GVR, name: string, msg?: string): ApiError {
    return new ApiError(
      409,
      'Conflict',
      `Operation cannot be fulfilled on ${gvr.resource} "${name}": ${msg ?? 'the object has been modified; please apply your changes to the latest version and try again'}`,
    );
  }

  /** Writes `next` over `old`: the main resource keeps the old status, a status write only changes status. */
  private replace(gvr: GVR, namespace: string, old: KubeObject, next: KubeObject, subresource?: string, dryRun?: boolean): KubeObject {
    const out = subresource === 'status' ? { ...clone(old), status: next.status } : next;
    if (!subresource && 'status' in old) out.status = clone(old.status);
    out.metadata = { ...out.metadata, name: old.metadata?.name, namespace: old.metadata?.namespace, uid: old.metadata?.uid, creationTimestamp: old.metadata?.creationTimestamp };
    if (dryRun) return out;
    return this.store(gvr, keyOf(namespace, old.metadata!.name!), out, 'MODIFIED', old);
  }

  private store(gvr: GVR, key: string, obj: KubeObject, type: 'ADDED' | 'MODIFIED', prev?: KubeObject): KubeObject {
    this.rv++;
    obj.metadata!.resourceVersion = String(this.rv);
    this.table(gvr).set(key, obj);
    this.record({ gvr: gvrKey(gvr), type, obj: clone(obj), prev, rv: this.rv });
    return clone(obj);
  }

  private record(h: HistoryEntry): void {
    this.history.push(h);
    if (this.history.length > 10000) {
      const dropped = this.history.shift()!;
      this.compactedRv = dropped.rv;
    }
    for (const w of this.watchers) if (w.gvr === h.gvr) this.deliver(w, h);
  }

  private inScope(w: Watcher, o: KubeObject): boolean {
    return !w.namespace || o.metadata?.namespace === w.namespace;
  }

  /** Selector transitions as the API server does them: leaving the selection is a DELETED. */
  private deliver(w: Watcher, h: HistoryEntry): void {
    if (!this.inScope(w, h.obj)) return;
    const now = h.type !== 'DELETED' && w.match(h.obj);
    const before = h.prev !== undefined && w.match(h.prev);
    if (h.type === 'DELETED') {
      if (before || w.match(h.obj)) w.send({ type: 'DELETED', object: h.obj });
    } else if (now && before) w.send({ type: 'MODIFIED', object: h.obj });
    else if (now) w.send({ type: 'ADDED', object: h.obj });
    else if (before) w.send({ type: 'DELETED', object: h.obj });
  }
}
