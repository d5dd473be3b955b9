// The shared Backend contract suite: every backend's test file runs it.
// Tests run one after another against one backend and each uses its own key prefix,
// so a shared server (etcd) is fine; none assumes absolute revision numbers.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  ConflictError,
  FutureRevisionError,
  KeyExistsError,
  NotFoundError,
  type Backend,
} from './backend.js';
import { buf, rejectsWith, str, uniquePrefix, type MakeBackend } from './contract-helpers.js';
import { runListContract } from './contract-list.js';
import { runWatchContract } from './contract-watch.js';

export type { MakeBackend } from './contract-helpers.js';

export function runBackendContract(name: string, makeBackend: MakeBackend): void {
  describe(`Backend contract: ${name}`, () => {
    let b: Backend;
    const backend = () => b;
    before(async () => {
      b = await makeBackend();
      await b.start();
    });
    after(async () => {
      await b?.close();
    });

    runKeyValueContract(backend);
    runListContract(backend);
    runWatchContract(backend, makeBackend);
  });
}

function runKeyValueContract(backend: () => Backend): void {
  it('has a name', () => {
    assert.ok(['sqlite', 'etcd', 'memory'].includes(backend().name));
  });

  it('revisions strictly increase with every write and reads report the current one', async () => {
    const b = backend();
    const p = uniquePrefix();
    const r0 = await b.currentRevision();
    assert.ok(r0 >= 0);
    const r1 = await b.create(p + 'a', buf('1'));
    const r2 = await b.update(p + 'a', buf('2'), r1);
    const r3 = (await b.delete(p + 'a')).revision;
    const r4 = await b.create(p + 'a', buf('3'));
    assert.ok(r0 < r1 && r1 < r2 && r2 < r3 && r3 < r4, `${r0} ${r1} ${r2} ${r3} ${r4}`);
    assert.equal(await b.currentRevision(), r4);
    assert.equal((await b.get(p + 'a')).revision, r4);
    assert.equal((await b.list(p)).revision, r4);
    assert.equal((await b.count(p)).revision, r4);
  });

  it('gets values with create and mod revisions', async () => {
    const b = backend();
    const k = uniquePrefix() + 'k';
    assert.equal((await b.get(k)).kv, undefined);
    const r1 = await b.create(k, buf('v1'));
    assert.deepEqual((await b.get(k)).kv, { key: k, value: buf('v1'), createRevision: r1, modRevision: r1 });
    const r2 = await b.update(k, buf('v2'), r1);
    assert.deepEqual((await b.get(k)).kv, { key: k, value: buf('v2'), createRevision: r1, modRevision: r2 });
  });

  it('stores values byte for byte', async () => {
    const b = backend();
    const k = uniquePrefix() + 'bin';
    const value = Buffer.from([0, 1, 2, 0xff, 0xfe, 0, 0x80, 10, 13]);
    await b.create(k, value);
    assert.deepEqual((await b.get(k)).kv?.value, value);
    const empty = uniquePrefix() + 'empty';
    await b.create(empty, Buffer.alloc(0));
    assert.equal((await b.get(empty)).kv?.value.length, 0);
  });

  it('gets a key at an older revision', async () => {
    const b = backend();
    const k = uniquePrefix() + 'k';
    const r1 = await b.create(k, buf('v1'));
    const r2 = await b.update(k, buf('v2'), r1);
    const r3 = (await b.delete(k, r2)).revision;
    const r4 = await b.create(k, buf('v3'));
    assert.equal((await b.get(k, r1 - 1)).kv, undefined);
    const at1 = await b.get(k, r1);
    assert.equal(at1.revision, r1);
    assert.equal(str(at1.kv?.value), 'v1');
    assert.equal(at1.kv?.modRevision, r1);
    assert.equal(str((await b.get(k, r2)).kv?.value), 'v2');
    assert.equal((await b.get(k, r3)).kv, undefined);
    const at4 = await b.get(k, r4);
    assert.equal(str(at4.kv?.value), 'v3');
    assert.equal(at4.kv?.createRevision, r4, 'a re-created key has a new createRevision');
  });

  it('create of an existing key fails with KeyExistsError', async () => {
    const b = backend();
    const k = uniquePrefix() + 'k';
    const r1 = await b.create(k, buf('v1'));
    const err = await rejectsWith(b.create(k, buf('v2')), KeyExistsError);
    assert.equal(err.key, k);
    assert.equal(await b.currentRevision(), r1, 'a failed write does not use a revision');
    assert.equal(str((await b.get(k)).kv?.value), 'v1');
  });

  it('concurrent creates of one key: exactly one wins', async () => {
    const b = backend();
    const k = uniquePrefix() + 'race';
    const results = await Promise.allSettled([1, 2, 3, 4, 5].map((i) => b.create(k, buf(String(i)))));
    const ok = results.filter((r) => r.status === 'fulfilled');
    assert.equal(ok.length, 1);
    for (const r of results) {
      if (r.status === 'rejected') assert.ok(r.reason instanceof KeyExistsError);
    }
  });

  it('update with a stale revision fails with ConflictError carrying the current value', async () => {
    const b = backend();
    const k = uniquePrefix() + 'k';
    const r1 = await b.create(k, buf('v1'));
    const r2 = await b.update(k, buf('v2'), r1);
    const err = await rejectsWith(b.update(k, buf('v3'), r1), ConflictError);
    assert.equal(err.key, k);
    assert.equal(err.current?.modRevision, r2);
    assert.equal(str(err.current?.value), 'v2');
    assert.equal(str((await b.get(k)).kv?.value), 'v2');
  });

  it('update of a missing key fails with NotFoundError', async () => {
    const b = backend();
    const k = uniquePrefix() + 'missing';
    const err = await rejectsWith(b.update(k, buf('v'), 0), NotFoundError);
    assert.equal(err.key, k);
    await rejectsWith(b.update(k, buf('v'), 5), NotFoundError);
    assert.equal((await b.get(k)).kv, undefined, 'a failed update does not create the key');
  });

  it('delete returns the deleted value; stale revision → ConflictError; missing → NotFoundError', async () => {
    const b = backend();
    const k = uniquePrefix() + 'k';
    const r1 = await b.create(k, buf('v1'));
    const r2 = await b.update(k, buf('v2'), r1);
    const conflict = await rejectsWith(b.delete(k, r1), ConflictError);
    assert.equal(conflict.current?.modRevision, r2);
    const del = await b.delete(k, r2);
    assert.ok(del.revision > r2);
    assert.equal(del.kv.key, k);
    assert.equal(str(del.kv.value), 'v2');
    assert.equal(del.kv.createRevision, r1);
    assert.equal(await b.currentRevision(), del.revision);
    assert.equal((await b.get(k)).kv, undefined);
    const missing = await rejectsWith(b.delete(k), NotFoundError);
    assert.equal(missing.key, k);
    await rejectsWith(b.delete(k, r2), NotFoundError);
  });

  it('delete without (or with 0 as) expected revision is unconditional', async () => {
    const b = backend();
    const p = uniquePrefix();
    await b.update(p + 'a', buf('x'), await b.create(p + 'a', buf('v')));
    await b.delete(p + 'a');
    await b.create(p + 'b', buf('v'));
    await b.delete(p + 'b', 0);
    assert.equal((await b.count(p)).count, 0);
  });

  it('reads at a future revision fail with FutureRevisionError', async () => {
    const b = backend();
    const p = uniquePrefix();
    await b.create(p + 'a', buf('v'));
    const future = (await b.currentRevision()) + 1000;
    const err = await rejectsWith(b.get(p + 'a', future), FutureRevisionError);
    assert.equal(err.requested, future);
    await rejectsWith(b.list(p, { revision: future }), FutureRevisionError);
  });

  it('size() is positive', async () => {
    const b = backend();
    await b.create(uniquePrefix() + 'k', Buffer.alloc(1000, 1));
    assert.ok((await b.size()) > 0);
  });
}
