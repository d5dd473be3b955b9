// The datastore contract (modelled on kine): a key/value store with one global,
// strictly increasing revision, etcd semantics, and typed errors that only the
// API server's edge maps to HTTP.

/** One stored key at one revision. */
export interface KeyValue {
  key: string;
  value: Buffer;
  /** Revision at which this key was (last) created. */
  createRevision: number;
  /** Revision of the write that produced this value. */
  modRevision: number;
}

export interface WatchEvent {
  type: 'PUT' | 'DELETE';
  /** For PUT the new value; for DELETE the deleted key with `modRevision` = the delete's revision and the last value. */
  kv: KeyValue;
  /** The value before this event (absent for a create). */
  prevKv?: KeyValue;
}

export interface ListOptions {
  /** Read at this revision (0/undefined = current). Errors with CompactedError if compacted, FutureRevisionError if ahead. */
  revision?: number;
  /** At most this many items (0/undefined = no limit). */
  limit?: number;
  /**
   * Start at this key (inclusive), for continuation (usually the last returned key + "\u0000").
   * A startKey before `prefix` is ignored; one past every key under it yields an empty page.
   */
  startKey?: string;
}

export interface ListResult {
  /** The revision the list was read at. */
  revision: number;
  kvs: KeyValue[];
  /** True when more keys under the prefix follow the last returned one. */
  more: boolean;
}

export interface Watch {
  /** Stops the watch; no callback is called after it returns. */
  cancel(): void;
}

export interface WatchCallbacks {
  /** Events in revision order; events of one transaction are never split. */
  onEvents(events: WatchEvent[]): void;
  /** The watch ended abnormally (e.g. CompactedError when fromRevision is too old). */
  onError(err: Error): void;
}

export interface Backend {
  /** Human-readable name: "sqlite", "etcd", "memory". */
  readonly name: string;
  start(): Promise<void>;
  close(): Promise<void>;
  /** The newest revision (0 for an empty memory/SQLite store; an empty etcd is at 1). */
  currentRevision(): Promise<number>;
  /**
   * Revision up to which history has been compacted (0 if never). Reads at this revision
   * or later work; reads at an older one fail with CompactedError.
   */
  compactRevision(): Promise<number>;
  get(key: string, revision?: number): Promise<{ revision: number; kv?: KeyValue }>;
  /** Keys in byte order starting with `prefix`. */
  list(prefix: string, opts?: ListOptions): Promise<ListResult>;
  /** Number of keys under `prefix` at the current revision. */
  count(prefix: string): Promise<{ revision: number; count: number }>;
  /** Creates `key`; throws KeyExistsError if present. Returns the new revision. */
  create(key: string, value: Buffer): Promise<number>;
  /**
   * Replaces `key` only if its modRevision is still `expectedRevision`.
   * Throws NotFoundError if absent, ConflictError (carrying the current value) if changed.
   */
  update(key: string, value: Buffer, expectedRevision: number): Promise<number>;
  /**
   * Deletes `key`; if `expectedRevision` is given and non-zero, only if it still matches.
   * Throws NotFoundError if absent, ConflictError if changed. Returns the revision and deleted value.
   */
  delete(key: string, expectedRevision?: number): Promise<{ revision: number; kv: KeyValue }>;
  /**
   * Watches keys under `prefix` for events with revision > `fromRevision` (replayed from history,
   * then live). When `fromRevision` < compactRevision the watch never delivers events: it reports
   * CompactedError through `onError` (never thrown). Callbacks are never called synchronously from
   * inside watch(); after `onError` the watch is over. close() ends every watch silently.
   * Callbacks must not throw.
   */
  watch(prefix: string, fromRevision: number, cb: WatchCallbacks): Watch;
  /**
   * Drops history before `revision`: afterwards reads at `revision` or later still work and watches
   * from `revision` replay what followed it. A revision at or below compactRevision is a no-op;
   * one above the current revision fails with FutureRevisionError.
   */
  compact(revision: number): Promise<void>;
  /** Bytes the store takes on disk (or in memory). */
  size(): Promise<number>;
}

export class DatastoreError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

export class KeyExistsError extends DatastoreError {
  constructor(readonly key: string) {
    super(`key already exists: ${key}`);
  }
}

export class NotFoundError extends DatastoreError {
  constructor(readonly key: string) {
    super(`key not found: ${key}`);
  }
}

export class ConflictError extends DatastoreError {
  constructor(
    readonly key: string,
    readonly current?: KeyValue,
  ) {
    super(`revision mismatch for ${key}`);
  }
}

export class CompactedError extends DatastoreError {
  constructor(
    readonly requested: number,
    readonly compactRevision: number,
  ) {
    super(`required revision ${requested} has been compacted (compacted up to ${compactRevision})`);
  }
}

export class FutureRevisionError extends DatastoreError {
  constructor(
    readonly requested: number,
    readonly current: number,
  ) {
    super(`required revision ${requested} is a future revision (current ${current})`);
  }
}

export class UnavailableError extends DatastoreError {}

/**
 * The revision a read runs at: `revision` (0/undefined = `current`), refused
 * when it is ahead of `current` or older than `compacted`.
 */
export function readRevision(revision: number | undefined, current: number, compacted: number): number {
  if (!revision) return current;
  if (revision > current) throw new FutureRevisionError(revision, current);
  if (revision < compacted) throw new CompactedError(revision, compacted);
  return revision;
}
