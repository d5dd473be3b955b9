// In-memory backend with full history and compaction; for unit tests.
import {
  CompactedError,
  readRevision,
  ConflictError,
  FutureRevisionError,
  KeyExistsError,
  NotFoundError,
  type Backend,
  type KeyValue,
  type ListOptions,
  type ListResult,
  type Watch,
  type WatchCallbacks,
  type WatchEvent,
} from './backend.js';
import { compareKeys, listStart } from './keys.js';
import { WatchHub } from './watch-hub.js';

interface Entry {
  rev: number;
  key: string;
  createRev: number;
  /** Revision of the value this write replaced (0 for a create). */
  prevRev: number;
  deleted: boolean;
  value: Buffer;
}

const ENTRY_OVERHEAD = 64;

function toKv(e: Entry): KeyValue {
  return { key: e.key, value: e.value, createRevision: e.createRev, modRevision: e.rev };
}

/** First index in sorted `arr` whose element is >= `x` under `cmp`. */
function lowerBound<T, X>(arr: T[], x: X, cmp: (a: T, x: X) => number): number {
  let lo = 0;
  let hi = arr.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cmp(arr[mid], x) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export class MemoryBackend implements Backend {
  readonly name = 'memory';
  private rev = 0;
  private compacted = 0;
  /** Every retained write, in revision order. */
  private log: Entry[] = [];
  private readonly byRev = new Map<number, Entry>();
  /** Retained writes per key, in revision order. */
  private readonly history = new Map<string, Entry[]>();
  private readonly current = new Map<string, Entry>();
  /** Live keys in byte order. */
  private readonly sortedKeys: string[] = [];
  private readonly hub: WatchHub;

  constructor() {
    this.hub = new WatchHub({
      currentRevision: () => this.rev,
      compactRevision: () => this.compacted,
      readEvents: (prefix, after, upTo) => this.readEvents(prefix, after, upTo),
    });
  }

  async start(): Promise<void> {}

  async close(): Promise<void> {
    this.hub.closeAll();
  }

  async currentRevision(): Promise<number> {
    return this.rev;
  }

  async compactRevision(): Promise<number> {
    return this.compacted;
  }

  private checkRevision(revision: number | undefined): number {
    return readRevision(revision, this.rev, this.compacted);
  }

  private entryAt(key: string, revision: number): Entry | undefined {
    if (revision === this.rev) return this.current.get(key);
    const h = this.history.get(key);
    if (!h) return undefined;
    const i = lowerBound(h, revision + 1, (e, r) => e.rev - r) - 1;
    const e = i >= 0 ? h[i] : undefined;
    return e && !e.deleted ? e : undefined;
  }

  async get(key: string, revision?: number): Promise<{ revision: number; kv?: KeyValue }> {
    const rev = this.checkRevision(revision);
    const e = this.entryAt(key, rev);
    return { revision: rev, kv: e ? toKv(e) : undefined };
  }

  async list(prefix: string, opts: ListOptions = {}): Promise<ListResult> {
    const rev = this.checkRevision(opts.revision);
    const start = listStart(prefix, opts.startKey);
    let keys: string[];
    if (rev === this.rev) {
      keys = this.sortedKeys.slice(lowerBound(this.sortedKeys, start, compareKeys));
    } else {
      keys = [...this.history.keys()].filter((k) => compareKeys(k, start) >= 0).sort(compareKeys);
    }
    const limit = opts.limit && opts.limit > 0 ? opts.limit : Infinity;
    const kvs: KeyValue[] = [];
    for (const k of keys) {
      if (!k.startsWith(prefix)) break;
      const e = this.entryAt(k, rev);
      if (!e) continue;
      if (kvs.length >= limit) return { revision: rev, kvs, more: true };
      kvs.push(toKv(e));
    }
    return { revision: rev, kvs, more: false };
  }

  async count(prefix: string): Promise<{ revision: number; count: number }> {
    let n = 0;
    for (let i = lowerBound(this.sortedKeys, prefix, compareKeys); i < this.sortedKeys.length; i++) {
      if (!this.sortedKeys[i].startsWith(prefix)) break;
      n++;
    }
    return { revision: this.rev, count: n };
  }

  private append(key: string, value: Buffer, deleted: boolean, prev: Entry | undefined): Entry {
    const rev = ++this.rev;
    const e: Entry = {
      rev,
      key,
      createRev: prev ? prev.createRev : rev,
      prevRev: prev ? prev.rev : 0,
      deleted,
      value,
    };
    this.log.push(e);
    this.byRev.set(rev, e);
    let h = this.history.get(key);
    if (!h) this.history.set(key, (h = []));
    h.push(e);
    const i = lowerBound(this.sortedKeys, key, compareKeys);
    const present = this.sortedKeys[i] === key;
    if (deleted) {
      this.current.delete(key);
      if (present) this.sortedKeys.splice(i, 1);
    } else {
      this.current.set(key, e);
      if (!present) this.sortedKeys.splice(i, 0, key);
    }
    return e;
  }

  async create(key: string, value: Buffer): Promise<number> {
    if (this.current.has(key)) throw new KeyExistsError(key);
    const e = this.append(key, Buffer.from(value), false, undefined);
    this.hub.publish([{ type: 'PUT', kv: toKv(e) }]);
    return e.rev;
  }

  async update(key: string, value: Buffer, expectedRevision: number): Promise<number> {
    const prev = this.current.get(key);
    if (!prev) throw new NotFoundError(key);
    if (prev.rev !== expectedRevision) throw new ConflictError(key, toKv(prev));
    const e = this.append(key, Buffer.from(value), false, prev);
    this.hub.publish([{ type: 'PUT', kv: toKv(e), prevKv: toKv(prev) }]);
    return e.rev;
  }

  async delete(key: string, expectedRevision?: number): Promise<{ revision: number; kv: KeyValue }> {
    const prev = this.current.get(key);
    if (!prev) throw new NotFoundError(key);
    if (expectedRevision && prev.rev !== expectedRevision) throw new ConflictError(key, toKv(prev));
    const e = this.append(key, Buffer.alloc(0), true, prev);
    const kv: KeyValue = { ...toKv(prev), modRevision: e.rev };
    this.hub.publish([{ type: 'DELETE', kv, prevKv: toKv(prev) }]);
    return { revision: e.rev, kv };
  }

  watch(prefix: string, fromRevision: number, cb: WatchCallbacks): Watch {
    return this.hub.watch(prefix, fromRevision, cb);
  }

  private readEvents(prefix: string, after: number, upTo: number): WatchEvent[] {
    const out: WatchEvent[] = [];
    for (let i = lowerBound(this.log, after + 1, (e, r) => e.rev - r); i < this.log.length; i++) {
      const e = this.log[i];
      if (e.rev > upTo) break;
      if (!e.key.startsWith(prefix)) continue;
      const prev = e.prevRev ? this.byRev.get(e.prevRev) : undefined;
      if (e.deleted) {
        // A retained delete's previous write is always retained too (see compact()).
        const base = prev ?? e;
        out.push({ type: 'DELETE', kv: { ...toKv(base), modRevision: e.rev }, prevKv: prev && toKv(prev) });
      } else {
        out.push({ type: 'PUT', kv: toKv(e), prevKv: prev && toKv(prev) });
      }
    }
    return out;
  }

  async compact(revision: number): Promise<void> {
    if (revision > this.rev) throw new FutureRevisionError(revision, this.rev);
    if (revision <= this.compacted) return;
    this.compacted = revision;
    // Drop every write at or below `revision` that a later write at or below it superseded,
    // and deletions at or below it: state at `revision` and all later history stay intact.
    const drop = (e: Entry) => this.byRev.delete(e.rev);
    for (const [key, h] of this.history) {
      let keep = lowerBound(h, revision + 1, (e, r) => e.rev - r) - 1; // newest write <= revision
      if (keep < 0) continue;
      if (h[keep].deleted) keep++;
      h.slice(0, keep).forEach(drop);
      h.splice(0, keep);
      if (h.length === 0) this.history.delete(key);
    }
    this.log = this.log.filter((e) => this.byRev.has(e.rev));
  }

  async size(): Promise<number> {
    let n = 0;
    for (const e of this.log) n += ENTRY_OVERHEAD + e.key.length + e.value.length;
    return n;
  }
}
