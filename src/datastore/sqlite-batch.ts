// Group commit for the SQLite backend: writes queued during one event-loop turn are applied in
// call order inside ONE transaction (one WAL append instead of one per write). Each write still
// gets its own revision and its own outcome: a failed precondition (KeyExistsError, ...) only
// fails that write. Promises settle after the commit, so acknowledged writes are durable.
import { ConflictError, KeyExistsError, NotFoundError, type KeyValue, type WatchEvent } from './backend.js';
import type { KvRow, Statements } from './sqlite-schema.js';

export type WriteOp =
  | { kind: 'create'; key: string; value: Buffer }
  | { kind: 'update'; key: string; value: Buffer; expected: number }
  | { kind: 'delete'; key: string; expected?: number };

export interface Outcome {
  rev: number;
  event?: WatchEvent;
  error?: Error;
}

export const rowToKv = (r: KvRow): KeyValue => ({
  key: r.key.toString('utf8'),
  value: r.value ?? Buffer.alloc(0),
  createRevision: r.create_rev,
  modRevision: r.rev,
});

function apply(st: Statements, op: WriteOp, rev: number): Outcome {
  const k = Buffer.from(op.key);
  if (op.kind === 'create') {
    // One statement claims the key or finds it taken (no read of the live value).
    if (st.claimCurrent.run(k, rev).changes === 0) return { rev: 0, error: new KeyExistsError(op.key) };
    st.insertLog.run(rev, k, rev, 0, 0, op.value);
    return { rev, event: { type: 'PUT', kv: { key: op.key, value: op.value, createRevision: rev, modRevision: rev } } };
  }
  const prev = st.getCurrent.get(k);
  if (!prev) return { rev: 0, error: new NotFoundError(op.key) };
  const prevKv = rowToKv(prev);
  if (op.kind === 'update') {
    if (prev.rev !== op.expected) return { rev: 0, error: new ConflictError(op.key, prevKv) };
    st.insertLog.run(rev, k, prev.create_rev, prev.rev, 0, op.value);
    st.setCurrent.run(k, rev);
    const kv = { key: op.key, value: op.value, createRevision: prev.create_rev, modRevision: rev };
    return { rev, event: { type: 'PUT', kv, prevKv } };
  }
  if (op.expected && prev.rev !== op.expected) return { rev: 0, error: new ConflictError(op.key, prevKv) };
  st.insertLog.run(rev, k, prev.create_rev, prev.rev, 1, null);
  st.deleteCurrent.run(k);
  return { rev, event: { type: 'DELETE', kv: { ...prevKv, modRevision: rev }, prevKv } };
}

/** Applies `ops` in order with revisions after `lastRev`; run inside a transaction. */
export function applyWrites(st: Statements, ops: WriteOp[], lastRev: number): { outcomes: Outcome[]; lastRev: number } {
  let rev = lastRev;
  const outcomes = ops.map((op) => {
    const o = apply(st, op, rev + 1);
    if (!o.error) rev++;
    return o;
  });
  return { outcomes, lastRev: rev };
}
