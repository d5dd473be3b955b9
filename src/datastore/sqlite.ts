// SQLite backend on better-sqlite3 (kine's model): one log row per revision plus a
// `current` index of live keys. better-sqlite3 is synchronous, so every operation runs to
// completion on the event loop and writes are serialised without locks.
import { mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import type Database from 'better-sqlite3';
import {
  CompactedError,
  readRevision,
  FutureRevisionError,
  UnavailableError,
  type Backend,
  type KeyValue,
  type ListOptions,
  type ListResult,
  type Watch,
  type WatchCallbacks,
  type WatchEvent,
} from './backend.js';
import { listStart, prefixEnd } from './keys.js';
import { applyWrites, rowToKv as toKv, type Outcome, type WriteOp } from './sqlite-batch.js';
import { runCompaction } from './sqlite-compact.js';
import { openDatabase, prepareStatements, type EventRow, type KvRow, type Statements } from './sqlite-schema.js';
import { WatchHub } from './watch-hub.js';

/** Writes per group commit at most. */
const MAX_BATCH = 1000;

function toEvent(r: EventRow): WatchEvent {
  const key = r.key.toString('utf8');
  const prevKv: KeyValue | undefined =
    r.p_create !== null ? { key, value: r.p_value ?? Buffer.alloc(0), createRevision: r.p_create, modRevision: r.prev_rev } : undefined;
  if (r.deleted) {
    const kv = prevKv ? { ...prevKv, modRevision: r.rev } : { key, value: Buffer.alloc(0), createRevision: r.create_rev, modRevision: r.rev };
    return { type: 'DELETE', kv, prevKv };
  }
  return { type: 'PUT', kv: toKv(r), prevKv };
}

export class SqliteBackend implements Backend {
  readonly name = 'sqlite';
  private db?: Database.Database;
  private st?: Statements;
  private batchTx?: (ops: WriteOp[], lastRev: number) => { outcomes: Outcome[]; lastRev: number };
  private pending: { op: WriteOp; resolve: (o: Outcome) => void; reject: (err: unknown) => void }[] = [];
  private flushQueued = false;
  private rev = 0;
  private compacted = 0;
  private compacting: Promise<void> = Promise.resolve();
  private readonly hub: WatchHub;

  constructor(readonly file: string) {
    this.hub = new WatchHub({
      currentRevision: () => this.rev,
      compactRevision: () => this.compacted,
      readEvents: (prefix, after, upTo) => this.readEvents(prefix, after, upTo),
    });
  }

  async start(): Promise<void> {
    if (this.db) return;
    mkdirSync(dirname(this.file), { recursive: true });
    let db: Database.Database;
    try {
      db = openDatabase(this.file);
    } catch (err) {
      const msg = err instanceof Error ? err.message : String(err);
      throw new UnavailableError(`cannot open ${this.file} (is another process using it?): ${msg}`);
    }
    this.db = db;
    const st = (this.st = prepareStatements(db));
    this.batchTx = db.transaction((ops: WriteOp[], lastRev: number) => applyWrites(st, ops, lastRev));
    this.rev = st.maxRev.get()?.rev ?? 0;
    this.compacted = st.getMeta.get('compact_rev')?.value ?? 0;
    // Finish a compaction that an earlier process did not complete.
    if ((st.getMeta.get('compact_done')?.value ?? 0) < this.compacted) this.startCompaction(this.compacted);
  }

  async close(): Promise<void> {
    this.hub.closeAll();
    const db = this.db;
    if (!db) return;
    this.flush();
    this.db = undefined;
    this.st = undefined;
    this.batchTx = undefined;
    await this.compacting.catch(() => undefined);
    db.close();
  }

  private s(): Statements {
    if (!this.st) throw new UnavailableError('sqlite backend is not open');
    return this.st;
  }

  /** For reads: commits queued writes first, so a read sees every write issued before it. */
  private sr(): Statements {
    const st = this.s();
    this.flush();
    return st;
  }

  async currentRevision(): Promise<number> {
    this.sr();
    return this.rev;
  }

  async compactRevision(): Promise<number> {
    return this.compacted;
  }

  private checkRevision(revision: number | undefined): number {
    return readRevision(revision, this.rev, this.compacted);
  }

  async get(key: string, revision?: number): Promise<{ revision: number; kv?: KeyValue }> {
    const st = this.sr();
    const rev = this.checkRevision(revision);
    const k = Buffer.from(key);
    if (rev === this.rev) {
      const row = st.getCurrent.get(k);
      return { revision: rev, kv: row && toKv(row) };
    }
    const row = st.getAt.get(k, rev);
    return { revision: rev, kv: row && !row.deleted ? toKv(row) : undefined };
  }

  async list(prefix: string, opts: ListOptions = {}): Promise<ListResult> {
    const st = this.sr();
    const rev = this.checkRevision(opts.revision);
    const start = Buffer.from(listStart(prefix, opts.startKey));
    const end = prefixEnd(Buffer.from(prefix));
    const wanted = opts.limit && opts.limit > 0 ? opts.limit : 0;
    const limit = wanted ? wanted + 1 : -1;
    let rows: KvRow[];
    if (rev === this.rev) {
      rows = end ? st.listCurrent.all({ start, end, limit }) : st.listCurrentOpen.all({ start, limit });
    } else {
      rows = end ? st.listAt.all({ start, end, rev, limit }) : st.listAtOpen.all({ start, rev, limit });
    }
    const more = wanted > 0 && rows.length > wanted;
    if (more) rows.length = wanted;
    return { revision: rev, kvs: rows.map(toKv), more };
  }

  async count(prefix: string): Promise<{ revision: number; count: number }> {
    const st = this.sr();
    const start = Buffer.from(prefix);
    const end = prefixEnd(start);
    const row = end ? st.count.get(start, end) : st.countOpen.get(start);
    return { revision: this.rev, count: row?.n ?? 0 };
  }

  /** Queues a write for the next group commit (see sqlite-batch.ts). */
  private submit(op: WriteOp): Promise<Outcome> {
    this.s();
    return new Promise((resolve, reject) => {
      this.pending.push({ op, resolve, reject });
      if (this.pending.length >= MAX_BATCH) this.flush();
      else if (!this.flushQueued) {
        this.flushQueued = true;
        setImmediate(() => {
          this.flushQueued = false;
          this.flush();
        });
      }
    });
  }

  /** Commits every queued write in one transaction, then publishes events and settles promises. */
  private flush(): void {
    if (this.pending.length === 0 || !this.st) return;
    const batch = this.pending;
    this.pending = [];
    let result: { outcomes: Outcome[]; lastRev: number };
    try {
      result = this.batchTx!(batch.map((p) => p.op), this.rev);
    } catch (err) {
      for (const p of batch) p.reject(err);
      return;
    }
    this.rev = result.lastRev;
    const events: WatchEvent[] = [];
    for (const o of result.outcomes) if (o.event) events.push(o.event);
    if (events.length > 0) this.hub.publish(events);
    batch.forEach((p, i) => p.resolve(result.outcomes[i]));
  }

  private async write(op: WriteOp): Promise<Outcome> {
    const o = await this.submit(op);
    if (o.error) throw o.error;
    return o;
  }

  async create(key: string, value: Buffer): Promise<number> {
    return (await this.write({ kind: 'create', key, value })).rev;
  }

  async update(key: string, value: Buffer, expectedRevision: number): Promise<number> {
    return (await this.write({ kind: 'update', key, value, expected: expectedRevision })).rev;
  }

  async delete(key: string, expectedRevision?: number): Promise<{ revision: number; kv: KeyValue }> {
    const o = await this.write({ kind: 'delete', key, expected: expectedRevision });
    return { revision: o.rev, kv: o.event!.kv };
  }

  watch(prefix: string, fromRevision: number, cb: WatchCallbacks): Watch {
    this.sr();
    return this.hub.watch(prefix, fromRevision, cb);
  }

  private readEvents(prefix: string, after: number, upTo: number): WatchEvent[] {
    const st = this.s();
    const start = Buffer.from(prefix);
    const end = prefixEnd(start);
    const rows = end ? st.events.all({ after, upTo, start, end }) : st.eventsOpen.all({ after, upTo, start });
    return rows.map(toEvent);
  }

  async compact(revision: number): Promise<void> {
    const st = this.sr();
    if (revision > this.rev) throw new FutureRevisionError(revision, this.rev);
    if (revision <= this.compacted) return this.compacting;
    // Record the target first: reads below it fail from now on, while reads at or above it
    // stay correct during the batched deletion (it only removes superseded rows).
    st.setMeta.run('compact_rev', revision);
    this.compacted = revision;
    return this.startCompaction(revision);
  }

  private startCompaction(target: number): Promise<void> {
    const run = async () => {
      if (this.st && this.db) await runCompaction(this.db, this.st, target, () => this.st !== undefined);
    };
    this.compacting = this.compacting.then(run, run);
    return this.compacting;
  }

  async size(): Promise<number> {
    const db = this.db;
    if (!db) throw new UnavailableError('sqlite backend is not open');
    const pages = db.pragma('page_count', { simple: true }) as number;
    const pageSize = db.pragma('page_size', { simple: true }) as number;
    let wal = 0;
    try {
      wal = statSync(this.file + '-wal').size;
    } catch {
      // no WAL file yet
    }
    return pages * pageSize + wal;
  }
}
