// The watch cache: one datastore watch keeps an in-memory copy of every object
// and a bounded window of recent events. LIST and WATCH are served from here
// (kube-apiserver's cacher), so requests never scan the datastore.
import { CompactedError, type Backend, type Watch, type WatchEvent } from '../../datastore/backend.js';
import { Entry } from './entry.js';

export type EventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface CacheEvent {
  type: EventType;
  rev: number;
  entry: Entry;
  prev?: Entry;
}

export interface CacheWatcher {
  /** Called for each event under the watcher's prefix, in revision order. */
  send(ev: CacheEvent): void;
}

/** The prefix of a key's collection: `/registry/<group>/<plural>/`. */
export function collectionOf(key: string): string {
  let slashes = 0;
  for (let i = 0; i < key.length; i++) {
    if (key.charCodeAt(i) === 47 && ++slashes === 4) return key.slice(0, i + 1);
  }
  return key;
}

class Collection {
  readonly entries = new Map<string, Entry>();
  private sorted: string[] | undefined;
  readonly watchers = new Set<{ prefix: string; w: CacheWatcher }>();

  set(e: Entry): void {
    if (!this.entries.has(e.key)) this.sorted = undefined;
    this.entries.set(e.key, e);
  }

  delete(key: string): void {
    if (this.entries.delete(key)) this.sorted = undefined;
  }

  /** Entries under `prefix`, in key order. */
  list(prefix: string): Entry[] {
    if (!this.sorted) this.sorted = [...this.entries.keys()].sort();
    const out: Entry[] = [];
    for (const k of this.sorted) if (k.startsWith(prefix)) out.push(this.entries.get(k)!);
    return out;
  }
}

export interface WatchCacheOptions {
  /** How many recent events are kept for watches that resume from an older resourceVersion. */
  historySize?: number;
}

export class WatchCache {
  private readonly collections = new Map<string, Collection>();
  private history: CacheEvent[] = [];
  private historyStart = 0;
  private readonly historySize: number;
  private waiters: Array<{ rev: number; resolve: () => void }> = [];
  private watch?: Watch;
  /** The newest datastore revision reflected in the cache. */
  revision = 0;
  /** Events older than or equal to this revision are no longer in `history`. */
  private oldestRev = 0;
  private failure?: Error;
  private stopped = false;

  constructor(
    private readonly backend: Backend,
    opts: WatchCacheOptions = {},
  ) {
    this.historySize = opts.historySize ?? 20000;
  }

  async start(prefix = '/registry/'): Promise<void> {
    let startKey: string | undefined;
    let rev = 0;
    for (;;) {
      const page = await this.backend.list(prefix, { revision: rev || undefined, limit: 5000, startKey });
      rev = page.revision;
      for (const kv of page.kvs) this.coll(kv.key).set(Entry.fromKv(kv));
      if (!page.more || page.kvs.length === 0) break;
      startKey = page.kvs[page.kvs.length - 1].key + '\x00';
    }
    this.revision = rev;
    this.oldestRev = rev;
    this.follow(prefix);
  }

  /** Follows the datastore from the cache's revision; a broken watch is re-established. */
  private follow(prefix: string): void {
    if (this.stopped) return;
    this.watch = this.backend.watch(prefix, this.revision, {
      onEvents: (evs) => {
        this.failure = undefined;
        this.ingest(evs);
      },
      onError: (err) => {
        this.failure = err;
        this.watch = undefined;
        if (this.stopped) return;
        const retry = setTimeout(() => {
          if (err instanceof CompactedError) void this.relist(prefix);
          else this.follow(prefix);
        }, 1000);
        retry.unref();
      },
    });
  }

  /**
   * After falling behind past compaction: list again and report the
   * difference to watchers as events, so they stay consistent.
   */
  private async relist(prefix: string): Promise<void> {
    try {
      const seen = new Set<string>();
      let startKey: string | undefined;
      let rev = 0;
      const evs: WatchEvent[] = [];
      for (;;) {
        const page = await this.backend.list(prefix, { revision: rev || undefined, limit: 5000, startKey });
        rev = page.revision;
        for (const kv of page.kvs) {
          seen.add(kv.key);
          const cur = this.get(kv.key);
          if (!cur || cur.rev !== kv.modRevision) evs.push({ type: 'PUT', kv });
        }
        if (!page.more || page.kvs.length === 0) break;
        startKey = page.kvs[page.kvs.length - 1].key + '\x00';
      }
      for (const col of this.collections.values()) {
        for (const e of col.entries.values()) {
          if (!seen.has(e.key)) evs.push({ type: 'DELETE', kv: { key: e.key, value: Buffer.from(e.json), createRevision: 0, modRevision: rev } });
        }
      }
      this.ingest(evs.map((e) => ({ ...e, kv: { ...e.kv, modRevision: Math.min(e.kv.modRevision, rev) } })));
      this.revision = rev;
      this.wake();
      this.follow(prefix);
    } catch (e) {
      this.failure = e as Error;
      const retry = setTimeout(() => void this.relist(prefix), 1000);
      retry.unref();
    }
  }

  stop(): void {
    this.stopped = true;
    this.watch?.cancel();
    this.watch = undefined;
  }

  /** Set when the datastore watch broke; the server then restarts the cache or exits. */
  get error(): Error | undefined {
    return this.failure;
  }

  private coll(key: string): Collection {
    const c = collectionOf(key);
    let col = this.collections.get(c);
    if (!col) {
      col = new Collection();
      this.collections.set(c, col);
    }
    return col;
  }

  private ingest(evs: WatchEvent[]): void {
    for (const ev of evs) {
      const col = this.coll(ev.kv.key);
      const prev = col.entries.get(ev.kv.key);
      let cev: CacheEvent;
      if (ev.type === 'DELETE') {
        col.delete(ev.kv.key);
        const last = prev ?? (ev.prevKv ? Entry.fromKv(ev.prevKv) : Entry.fromKv(ev.kv));
        cev = { type: 'DELETED', rev: ev.kv.modRevision, entry: last.withRevision(ev.kv.modRevision), prev: last };
      } else {
        const entry = Entry.fromKv(ev.kv);
        col.set(entry);
        cev = { type: prev ? 'MODIFIED' : 'ADDED', rev: ev.kv.modRevision, entry, prev };
      }
      this.record(cev);
      for (const w of col.watchers) {
        if (ev.kv.key.startsWith(w.prefix)) {
          try {
            w.w.send(cev);
          } catch {
            // a broken watcher must not stop the cache
          }
        }
      }
      if (cev.rev > this.revision) this.revision = cev.rev;
    }
    this.wake();
  }

  private record(ev: CacheEvent): void {
    this.history.push(ev);
    if (this.history.length - this.historyStart > this.historySize) {
      this.oldestRev = this.history[this.historyStart].rev;
      this.historyStart++;
      if (this.historyStart > 4096) {
        this.history = this.history.slice(this.historyStart);
        this.historyStart = 0;
      }
    }
  }

  private wake(): void {
    if (this.waiters.length === 0) return;
    const ready = this.waiters.filter((w) => w.rev <= this.revision);
    if (ready.length === 0) return;
    this.waiters = this.waiters.filter((w) => w.rev > this.revision);
    for (const w of ready) w.resolve();
  }

  /** Resolves once the cache reflects revision `rev`. */
  waitFor(rev: number, timeoutMs = 10000): Promise<void> {
    if (rev <= this.revision) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error(`timed out waiting for the cache to reach revision ${rev} (at ${this.revision})`));
      }, timeoutMs);
      const waiter = {
        rev,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      };
      this.waiters.push(waiter);
    });
  }

  private syncing?: Promise<number>;
  private nextSync?: Promise<number>;

  /**
   * Waits until the cache has every write the datastore acknowledged before
   * the call. Concurrent callers share datastore round trips: a caller joins
   * the next revision read that starts after it arrived, never one in flight.
   */
  async sync(): Promise<void> {
    await this.waitFor(await this.readRevision());
  }

  private readRevision(): Promise<number> {
    if (!this.syncing) {
      const p = this.backend.currentRevision().finally(() => {
        if (this.syncing === p) this.syncing = undefined;
      });
      this.syncing = p;
      return p;
    }
    if (!this.nextSync) {
      const after = this.syncing;
      const p = after
        .catch(() => 0)
        .then(() => {
          this.nextSync = undefined;
          return this.readRevision();
        });
      this.nextSync = p;
    }
    return this.nextSync;
  }

  get(key: string): Entry | undefined {
    return this.collections.get(collectionOf(key))?.entries.get(key);
  }

  /** Current entries under `prefix` (a collection or namespace within one), in key order. */
  list(prefix: string): Entry[] {
    return this.collections.get(collectionOf(prefix))?.list(prefix) ?? [];
  }

  count(prefix: string): number {
    return this.list(prefix).length;
  }

  /** The oldest revision a watch can resume from (exclusive). */
  get oldestResumable(): number {
    return this.oldestRev;
  }

  /**
   * Registers a watcher under `prefix` for events after `fromRev`. Returns the
   * replayed events (rev > fromRev) or undefined when the window no longer has
   * them (the caller then answers 410 Gone or replays from the datastore).
   */
  watchFrom(prefix: string, fromRev: number, w: CacheWatcher): { replay: CacheEvent[]; cancel: () => void } | undefined {
    if (fromRev < this.oldestRev) return undefined;
    const replay: CacheEvent[] = [];
    for (let i = this.historyStart; i < this.history.length; i++) {
      const ev = this.history[i];
      if (ev.rev > fromRev && ev.entry.key.startsWith(prefix)) replay.push(ev);
    }
    const col = this.coll(prefix);
    const reg = { prefix, w };
    col.watchers.add(reg);
    return { replay, cancel: () => col.watchers.delete(reg) };
  }

  /** Number of objects in the cache (for metrics and benchmarks). */
  size(): number {
    let n = 0;
    for (const c of this.collections.values()) n += c.entries.size;
    return n;
  }
}

