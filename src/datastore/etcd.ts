// etcd backend on the etcd3 client: compare-and-swap transactions on mod/create revision,
// watches with prevKv, etcd compaction. Keys are stored as-is (same layout as kube-apiserver).
import { CompareResult, CompareTarget, Etcd3, type ICompare, type IRangeRequest, type IRequestOp } from 'etcd3';
import {
  CompactedError,
  ConflictError,
  FutureRevisionError,
  KeyExistsError,
  NotFoundError,
  UnavailableError,
  type Backend,
  type KeyValue,
  type ListOptions,
  type ListResult,
  type Watch,
  type WatchCallbacks,
} from './backend.js';
import { isCompactedMessage, isFutureMessage, mapConnectionError, num, toKv } from './etcd-convert.js';
import { EtcdWatch, type EtcdWatchHost } from './etcd-watch.js';
import { listStart, prefixEnd } from './keys.js';

const ZERO = Buffer.from([0]);
const CALL_TIMEOUT_MS = 15_000;
/** etcd rejects an empty key; "\0" is the first possible key. */
const keyOrZero = (k: string): Buffer => (k === '' ? ZERO : Buffer.from(k));

export class EtcdBackend implements Backend, EtcdWatchHost {
  readonly name = 'etcd';
  readonly client: Etcd3;
  private readonly watches = new Set<EtcdWatch>();
  private readonly cancelling = new Set<Promise<void>>();
  /** A revision known to be at or below etcd's compaction revision. */
  private knownCompact = 0;
  private closed = false;

  /** @param endpoints "host:port" (or URLs), e.g. from the `etcd://h1:p1,h2:p2` spec. */
  constructor(endpoints: string[]) {
    this.client = new Etcd3({
      hosts: endpoints.map((e) => (e.includes('://') ? e : `http://${e}`)),
      dialTimeout: 5000,
      defaultCallOptions: (ctx) => (ctx.isStream ? {} : { deadline: Date.now() + CALL_TIMEOUT_MS }),
    });
  }

  async start(): Promise<void> {
    await this.currentRevision();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const w of [...this.watches]) w.cancel();
    const timeout = new Promise<void>((r) => setTimeout(r, 2000).unref());
    await Promise.race([Promise.all([...this.cancelling]), timeout]);
    this.client.close();
  }

  forget(w: EtcdWatch, cancelling: Promise<void>): void {
    this.watches.delete(w);
    this.cancelling.add(cancelling);
    void cancelling.finally(() => this.cancelling.delete(cancelling));
  }

  /** Runs an etcd call, mapping revision and connection errors. */
  private async call<T>(fn: () => Promise<T>, revision?: number): Promise<T> {
    if (this.closed) throw new UnavailableError('etcd backend is closed');
    try {
      return await fn();
    } catch (err) {
      if (isCompactedMessage(err)) throw new CompactedError(revision ?? 0, await this.compactRevision());
      if (isFutureMessage(err)) throw new FutureRevisionError(revision ?? 0, await this.currentRevision());
      throw mapConnectionError(err);
    }
  }

  private range(req: IRangeRequest) {
    return this.call(() => this.client.kv.range(req), num(req.revision) || undefined);
  }

  async currentRevision(): Promise<number> {
    return num((await this.range({ key: ZERO, count_only: true })).header.revision);
  }

  async isCompacted(revision: number): Promise<boolean> {
    if (revision < this.knownCompact) return true;
    try {
      await this.client.kv.range({ key: ZERO, count_only: true, revision });
      return false;
    } catch (err) {
      if (isCompactedMessage(err)) return true;
      if (isFutureMessage(err)) return false;
      throw mapConnectionError(err);
    }
  }

  /** etcd does not report it directly: binary-search the oldest readable revision. */
  async compactRevision(): Promise<number> {
    let lo = Math.max(this.knownCompact, 1);
    if (!(await this.isCompacted(lo))) return lo === 1 ? 0 : lo;
    let hi = await this.currentRevision(); // readable; lo is not
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (await this.isCompacted(mid)) lo = mid;
      else hi = mid;
    }
    this.knownCompact = Math.max(this.knownCompact, hi);
    return hi;
  }

  async get(key: string, revision?: number): Promise<{ revision: number; kv?: KeyValue }> {
    const res = await this.range({ key: Buffer.from(key), revision: revision || undefined });
    return { revision: revision || num(res.header.revision), kv: res.kvs[0] && toKv(res.kvs[0]) };
  }

  async list(prefix: string, opts: ListOptions = {}): Promise<ListResult> {
    const res = await this.range({
      key: keyOrZero(listStart(prefix, opts.startKey)),
      range_end: prefixEnd(Buffer.from(prefix)) ?? ZERO,
      revision: opts.revision || undefined,
      limit: opts.limit && opts.limit > 0 ? opts.limit : undefined,
    });
    return { revision: opts.revision || num(res.header.revision), kvs: res.kvs.map(toKv), more: !!res.more };
  }

  async count(prefix: string): Promise<{ revision: number; count: number }> {
    const res = await this.range({ key: keyOrZero(prefix), range_end: prefixEnd(Buffer.from(prefix)) ?? ZERO, count_only: true });
    return { revision: num(res.header.revision), count: num(res.count) };
  }

  private txn(compare: ICompare[], success: IRequestOp[], key: Buffer) {
    return this.call(() => this.client.kv.txn({ compare, success, failure: [{ request_range: { key } }] }));
  }

  async create(key: string, value: Buffer): Promise<number> {
    const k = Buffer.from(key);
    const cmp: ICompare = { key: k, target: CompareTarget.Create, result: CompareResult.Equal, create_revision: 0 };
    const res = await this.txn([cmp], [{ request_put: { key: k, value } }], k);
    if (!res.succeeded) throw new KeyExistsError(key);
    return num(res.header.revision);
  }

  /** Compares for "exists" and, when given, "still at expectedRevision". */
  private guards(k: Buffer, expectedRevision?: number): ICompare[] {
    const cmp: ICompare[] = [{ key: k, target: CompareTarget.Create, result: CompareResult.Greater, create_revision: 0 }];
    if (expectedRevision) cmp.push({ key: k, target: CompareTarget.Mod, result: CompareResult.Equal, mod_revision: expectedRevision });
    return cmp;
  }

  private failure(key: string, res: { responses: { response_range: { kvs: Parameters<typeof toKv>[0][] } }[] }): Error {
    const current = res.responses[0]?.response_range?.kvs[0];
    return current ? new ConflictError(key, toKv(current)) : new NotFoundError(key);
  }

  async update(key: string, value: Buffer, expectedRevision: number): Promise<number> {
    const k = Buffer.from(key);
    const cmp = this.guards(k, expectedRevision);
    if (!expectedRevision) cmp.push({ key: k, target: CompareTarget.Mod, result: CompareResult.Equal, mod_revision: 0 });
    const res = await this.txn(cmp, [{ request_put: { key: k, value } }], k);
    if (!res.succeeded) throw this.failure(key, res);
    return num(res.header.revision);
  }

  async delete(key: string, expectedRevision?: number): Promise<{ revision: number; kv: KeyValue }> {
    const k = Buffer.from(key);
    const res = await this.txn(this.guards(k, expectedRevision), [{ request_delete_range: { key: k, prev_kv: true } }], k);
    if (!res.succeeded) throw this.failure(key, res);
    const revision = num(res.header.revision);
    const prev = res.responses[0].response_delete_range.prev_kvs[0];
    return { revision, kv: { ...toKv(prev), modRevision: revision } };
  }

  watch(prefix: string, fromRevision: number, cb: WatchCallbacks): Watch {
    if (this.closed) throw new UnavailableError('etcd backend is closed');
    const w = new EtcdWatch(this, prefix, fromRevision, cb);
    this.watches.add(w);
    return w;
  }

  async compact(revision: number): Promise<void> {
    try {
      await this.call(() => this.client.kv.compact({ revision, physical: false }), revision);
    } catch (err) {
      if (!(err instanceof CompactedError)) throw err; // at or below the compaction: a no-op
      return;
    }
    this.knownCompact = Math.max(this.knownCompact, revision);
  }

  async size(): Promise<number> {
    const status = await this.call(() => this.client.maintenance.status({}));
    return num(status.dbSize);
  }
}
