// Watch and compaction parts of the shared Backend contract suite.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { CompactedError, FutureRevisionError, type Backend } from './backend.js';
import { buf, record, rejectsWith, sleep, str, uniquePrefix, waitFor, type MakeBackend } from './contract-helpers.js';

export function runWatchContract(backend: () => Backend, makeBackend: MakeBackend): void {
  it('watch replays history from an old revision, then delivers live events in order with prevKv', async () => {
    const b = backend();
    const p = uniquePrefix();
    const r0 = await b.currentRevision();
    const r1 = await b.create(p + 'a', buf('a1'));
    const r2 = await b.update(p + 'a', buf('a2'), r1);
    const r3 = (await b.delete(p + 'a')).revision;
    const r4 = await b.create(p + 'b', buf('b1'));
    const rec = record(b, p, r0);
    await waitFor(() => rec.events.length >= 4, 'replayed events');
    const r5 = await b.update(p + 'b', buf('b2'), r4);
    const r6 = await b.create(p + 'a', buf('a3'));
    await waitFor(() => rec.events.length >= 6, 'live events');
    await sleep(50);
    rec.watch.cancel();
    assert.equal(rec.error, undefined);
    assert.deepEqual(rec.summary(), [
      `PUT ${p}a=a1`,
      `PUT ${p}a=a2`,
      `DELETE ${p}a`,
      `PUT ${p}b=b1`,
      `PUT ${p}b=b2`,
      `PUT ${p}a=a3`,
    ]);
    assert.deepEqual(rec.events.map((e) => e.kv.modRevision), [r1, r2, r3, r4, r5, r6]);
    const [e1, e2, e3, e4, e5, e6] = rec.events;
    assert.equal(e1.prevKv, undefined);
    assert.equal(e1.kv.createRevision, r1);
    assert.deepEqual(e2.prevKv, { key: p + 'a', value: buf('a1'), createRevision: r1, modRevision: r1 });
    assert.equal(e2.kv.createRevision, r1);
    assert.deepEqual(e3.kv, { key: p + 'a', value: buf('a2'), createRevision: r1, modRevision: r3 });
    assert.deepEqual(e3.prevKv, { key: p + 'a', value: buf('a2'), createRevision: r1, modRevision: r2 });
    assert.equal(e4.prevKv, undefined);
    assert.deepEqual(e5.prevKv, { key: p + 'b', value: buf('b1'), createRevision: r4, modRevision: r4 });
    assert.equal(e6.prevKv, undefined, 'a re-create after delete has no prevKv');
    assert.equal(e6.kv.createRevision, r6);
  });

  it('a long replay hands over to live events without gaps or duplicates', async () => {
    const b = backend();
    const p = uniquePrefix();
    const r0 = await b.currentRevision();
    const write = async (from: number, to: number) => {
      for (let i = from; i < to; i += 50) {
        const batch = [];
        for (let j = i; j < Math.min(to, i + 50); j++) batch.push(b.create(`${p}${String(j).padStart(5, '0')}`, buf(String(j))));
        await Promise.all(batch);
      }
    };
    await write(0, 4500);
    const rec = record(b, p, r0);
    await write(4500, 5000); // while the watch is still replaying
    await waitFor(() => rec.events.length >= 5000, 'all 5000 events', 30_000);
    await sleep(50);
    rec.watch.cancel();
    assert.equal(rec.error, undefined);
    assert.equal(rec.events.length, 5000);
    const revs = rec.events.map((e) => e.kv.modRevision);
    for (let i = 1; i < revs.length; i++) assert.ok(revs[i] > revs[i - 1], `revision order at ${i}`);
    const keys = new Set(rec.events.map((e) => e.kv.key));
    assert.equal(keys.size, 5000);
  });

  it('watch from the current revision delivers only later events', async () => {
    const b = backend();
    const p = uniquePrefix();
    await b.create(p + 'old', buf('x'));
    const rec = record(b, p, await b.currentRevision());
    await b.create(p + 'new', buf('y'));
    await waitFor(() => rec.events.length >= 1, 'the live event');
    await sleep(50);
    rec.watch.cancel();
    assert.deepEqual(rec.summary(), [`PUT ${p}new=y`]);
  });

  it('watch of a prefix sees every key under it and nothing else', async () => {
    const b = backend();
    const base = uniquePrefix();
    const p1 = base + 'one/';
    const p2 = base + 'one-not/';
    const rec = record(b, p1, await b.currentRevision());
    for (let i = 0; i < 5; i++) {
      await b.create(`${p1}k${i}`, buf(String(i)));
      await b.create(`${p2}k${i}`, buf(String(i)));
      await b.create(`${base}one${i}`, buf(String(i)));
    }
    await b.delete(`${p2}k0`);
    await b.delete(`${p1}k0`);
    await waitFor(() => rec.events.length >= 6, 'events under the prefix');
    await sleep(50);
    rec.watch.cancel();
    assert.deepEqual(rec.summary(), [0, 1, 2, 3, 4].map((i) => `PUT ${p1}k${i}=${i}`).concat([`DELETE ${p1}k0`]));
    const revs = rec.events.map((e) => e.kv.modRevision);
    assert.deepEqual(revs, [...revs].sort((x, y) => x - y));
  });

  it('watch callbacks are never called synchronously from watch()', async () => {
    const b = backend();
    const p = uniquePrefix();
    const r0 = await b.currentRevision();
    await b.create(p + 'a', buf('a'));
    let inside = true;
    let calledInside = false;
    const w = b.watch(p, r0, {
      onEvents: () => {
        calledInside ||= inside;
      },
      onError: () => {
        calledInside ||= inside;
      },
    });
    inside = false;
    await sleep(50);
    w.cancel();
    assert.equal(calledInside, false);
  });

  it('a cancelled watch receives nothing more', async () => {
    const b = backend();
    const p = uniquePrefix();
    const rec = record(b, p, await b.currentRevision());
    await b.create(p + 'a', buf('a'));
    await waitFor(() => rec.events.length === 1, 'the first event');
    rec.watch.cancel();
    await b.create(p + 'b', buf('b'));
    await sleep(100);
    assert.equal(rec.events.length, 1);
  });

  it('closing the backend stops its watches', async () => {
    const b2 = await makeBackend();
    await b2.start();
    const p = uniquePrefix();
    const r1 = await b2.create(p + 'a', buf('a'));
    // Pending replay (from r1 - 1) and live events (for etcd, written through another
    // client on the same server) must not reach a watch of a closed backend.
    const rec = record(b2, p, r1 - 1);
    await b2.close();
    await backend().create(p + 'b', buf('b'));
    await sleep(100);
    assert.equal(rec.events.length, 0);
    assert.equal(rec.error, undefined);
  });

  it('compaction: older revisions fail with CompactedError, newer ones still work', async () => {
    const b = backend();
    const p = uniquePrefix();
    const r1 = await b.create(p + 'k', buf('v1'));
    const r2 = await b.update(p + 'k', buf('v2'), r1);
    await b.create(p + 'gone', buf('x'));
    await b.delete(p + 'gone');
    const r3 = await b.update(p + 'k', buf('v3'), r2);
    const r4 = await b.create(p + 'other', buf('o'));
    await b.compact(r3);
    assert.equal(await b.compactRevision(), r3);
    // State at the compaction revision stays readable.
    assert.equal(str((await b.get(p + 'k', r3)).kv?.value), 'v3');
    assert.deepEqual((await b.list(p, { revision: r3 })).kvs.map((kv) => kv.key), [p + 'k']);
    assert.deepEqual((await b.list(p)).kvs.map((kv) => kv.key), [p + 'k', p + 'other']);
    assert.equal((await b.get(p + 'gone')).kv, undefined);
    const err = await rejectsWith(b.get(p + 'k', r2), CompactedError);
    assert.equal(err.requested, r2);
    assert.equal(err.compactRevision, r3);
    await rejectsWith(b.list(p, { revision: r1 }), CompactedError);
    await rejectsWith(b.list(p, { revision: r2, limit: 1 }), CompactedError);
    // Watching from before the compaction revision reports CompactedError via onError.
    const old = record(b, p, r3 - 1);
    await waitFor(() => old.error !== undefined, 'the compacted error');
    assert.ok(old.error instanceof CompactedError, String(old.error));
    assert.equal(old.events.length, 0);
    // Watching from the compaction revision replays what followed it.
    const ok = record(b, p, r3);
    await waitFor(() => ok.events.length >= 1, 'the event after compaction');
    await b.update(p + 'other', buf('o2'), r4);
    await waitFor(() => ok.events.length >= 2, 'a live event after compaction');
    ok.watch.cancel();
    assert.equal(ok.error, undefined);
    assert.deepEqual(ok.summary(), [`PUT ${p}other=o`, `PUT ${p}other=o2`]);
    // Older compactions are no-ops; future ones fail.
    await b.compact(r1);
    assert.equal(await b.compactRevision(), r3);
    await rejectsWith(b.compact((await b.currentRevision()) + 1000), FutureRevisionError);
    // Writes continue with fresh revisions.
    assert.ok((await b.create(p + 'after', buf('a'))) > r4);
  });
}
