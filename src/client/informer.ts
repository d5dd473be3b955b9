// SharedInformer: list, then watch from the list's resourceVersion with
// bookmarks; re-watch from the last seen version when a watch ends, re-list on
// 410 Gone or repeated failures (with back-off); a local indexed cache; add,
// update and delete handlers; optional periodic resync.
import type { KubeObject } from '../apiserver/types.js';
import { isGone } from './errors.js';
import { IndexedStore } from './store.js';
import { type EventHandlers, type GVR, type Informer, objectKey, type ResourceClient, type WatchHandle } from './types.js';

export interface InformerOptions {
  labelSelector?: string;
  fieldSelector?: string;
  /** Calls update(obj, obj) for every cached object this often (0: never). */
  resyncMs?: number;
  /** Page size of the list (default 500). */
  pageSize?: number;
  /** Back-off after failures: first delay and ceiling (defaults 200 ms, 30 s). */
  backoffInitialMs?: number;
  backoffMaxMs?: number;
  /** Called with errors (list/watch failures, handler exceptions). */
  onError?: (err: Error) => void;
  /** Applied to every object before it is cached and handed to handlers (client-go's TransformFunc). */
  transform?: <O extends KubeObject>(obj: O) => O;
}

/** Drops metadata.managedFields (kube-controller-manager's informers do: controllers never read them). */
export function stripManagedFields<T extends KubeObject>(obj: T): T {
  if (obj.metadata?.managedFields) delete obj.metadata.managedFields;
  return obj;
}

export class SharedInformer<T extends KubeObject = KubeObject> implements Informer<T> {
  private readonly store = new IndexedStore<T>();
  private readonly handlers: EventHandlers<T>[] = [];
  private synced = false;
  private stopped = true;
  private lastRv = '';
  private watch?: WatchHandle;
  private timer?: NodeJS.Timeout;
  private resyncTimer?: NodeJS.Timeout;
  private failures = 0;
  private everStarted = false;
  private syncWaiters: Array<() => void> = [];
  /** How many times the informer listed (for tests and diagnostics). */
  listCount = 0;

  constructor(
    private readonly client: ResourceClient,
    private readonly gvr: GVR,
    private readonly namespace = '',
    private readonly opts: InformerOptions = {},
  ) {}

  addEventHandler(h: EventHandlers<T>): void {
    this.handlers.push(h);
    // Like client-go: a late handler first hears about every object already cached.
    if (this.synced) for (const o of this.store.list()) this.call(() => h.add?.(o));
  }

  start(): Promise<void> {
    if (!this.stopped) return this.waitForSync();
    this.stopped = false;
    this.everStarted = true;
    const p = this.waitForSync();
    void this.relist();
    if (this.opts.resyncMs) {
      this.resyncTimer = setInterval(() => this.resync(), this.opts.resyncMs);
    }
    return p;
  }

  stop(): void {
    this.stopped = true;
    this.watch?.stop();
    this.watch = undefined;
    if (this.timer) clearTimeout(this.timer);
    if (this.resyncTimer) clearInterval(this.resyncTimer);
    for (const w of this.syncWaiters.splice(0)) w();
  }

  hasSynced(): boolean {
    return this.synced;
  }

  /** Resolves once synced (or stopped); before start() it waits for the start and the sync. */
  waitForSync(): Promise<void> {
    if (this.synced || (this.stopped && this.everStarted)) return Promise.resolve();
    return new Promise((r) => this.syncWaiters.push(r));
  }

  get(key: string): T | undefined {
    return this.store.get(key);
  }

  list(): T[] {
    return this.store.list();
  }

  byIndex(index: string, value: string): T[] {
    return this.store.byIndex(index, value);
  }

  addIndex(name: string, fn: (obj: T) => string[]): void {
    this.store.addIndex(name, fn);
  }

  /** The resourceVersion the informer is caught up to. */
  lastSyncResourceVersion(): string {
    return this.lastRv;
  }

  private async relist(): Promise<void> {
    if (this.stopped) return;
    try {
      const items: T[] = [];
      let cont: string | undefined;
      let rv = '';
      do {
        const page = await this.client.list<T>(this.gvr, this.namespace, {
          labelSelector: this.opts.labelSelector,
          fieldSelector: this.opts.fieldSelector,
          limit: this.opts.pageSize ?? 500,
          continue: cont,
        });
        const tf = this.opts.transform;
        items.push(...(tf ? page.items.map(tf) : page.items));
        cont = page.metadata.continue || undefined;
        rv = page.metadata.resourceVersion ?? rv;
      } while (cont);
      if (this.stopped) return;
      this.listCount++;
      this.replace(items, rv);
      this.startWatch();
    } catch (e) {
      this.fail(e as Error, () => void this.relist());
    }
  }

  /** Makes the cache equal the list, firing add/update/delete for the differences. */
  private replace(items: T[], rv: string): void {
    const seen = new Set<string>();
    for (const o of items) {
      const key = objectKey(o);
      seen.add(key);
      const old = this.store.put(o);
      if (!old) this.emit('add', o);
      else if (old.metadata?.resourceVersion !== o.metadata?.resourceVersion) this.emit('update', o, old);
    }
    for (const key of this.store.keys()) {
      if (!seen.has(key)) {
        const old = this.store.remove(key)!;
        this.emit('delete', old);
      }
    }
    this.lastRv = rv;
    if (!this.synced) {
      this.synced = true;
      for (const w of this.syncWaiters.splice(0)) w();
    }
  }

  private startWatch(): void {
    if (this.stopped) return;
    // Watches end on their own after 5–10 minutes, as client-go's reflector asks.
    const timeoutSeconds = 300 + Math.floor(Math.random() * 300);
    let sawEvent = false;
    this.watch = this.client.watch<T>(
      this.gvr,
      this.namespace,
      { labelSelector: this.opts.labelSelector, fieldSelector: this.opts.fieldSelector, resourceVersion: this.lastRv, allowWatchBookmarks: true, timeoutSeconds },
      (ev) => {
        if (this.stopped) return;
        sawEvent = true;
        this.failures = 0;
        const rv = ev.object?.metadata?.resourceVersion;
        if (ev.type === 'BOOKMARK') {
          if (rv) this.lastRv = rv;
          return;
        }
        if (this.opts.transform) ev.object = this.opts.transform(ev.object);
        const key = objectKey(ev.object);
        if (ev.type === 'DELETED') {
          const old = this.store.remove(key);
          this.emit('delete', old ?? ev.object);
        } else if (ev.type === 'ADDED' || ev.type === 'MODIFIED') {
          const old = this.store.put(ev.object);
          if (old) this.emit('update', ev.object, old);
          else this.emit('add', ev.object);
        }
        if (rv) this.lastRv = rv;
      },
      (err) => {
        this.watch = undefined;
        if (this.stopped) return;
        if (err && isGone(err)) return void this.relist();
        if (!err && sawEvent) return this.startWatch();
        // An error, or a watch that closed without delivering anything: back off, then re-watch.
        this.fail(err ?? new Error('watch closed'), () => this.startWatch());
      },
    );
  }

  private fail(err: Error, retry: () => void): void {
    this.opts.onError?.(err);
    const base = this.opts.backoffInitialMs ?? 200;
    const max = this.opts.backoffMaxMs ?? 30000;
    const delay = Math.min(base * 2 ** this.failures, max) * (1 + Math.random() * 0.1);
    this.failures++;
    // After several failed watches, start over with a fresh list.
    const next = this.failures > 3 ? () => void this.relist() : retry;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (!this.stopped) next();
    }, delay);
  }

  private resync(): void {
    for (const o of this.store.list()) this.emit('update', o, o);
  }

  private emit(kind: 'add' | 'update' | 'delete', obj: T, old?: T): void {
    for (const h of this.handlers) {
      this.call(() => {
        if (kind === 'add') h.add?.(obj);
        else if (kind === 'update') h.update?.(old!, obj);
        else h.delete?.(obj);
      });
    }
  }

  private call(fn: () => void): void {
    try {
      fn();
    } catch (e) {
      this.opts.onError?.(e as Error);
    }
  }
}
