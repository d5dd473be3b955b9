// List and count parts of the shared Backend contract suite.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { Backend } from './backend.js';
import { buf, str, uniquePrefix } from './contract-helpers.js';

export function runListContract(backend: () => Backend): void {
  it('lists exactly the keys under a prefix, in order', async () => {
    const b = backend();
    const p = uniquePrefix() + 'x';
    for (const k of ['/c', '/a', '/b']) await b.create(p + k, buf(k));
    await b.create(p, buf('the prefix itself without slash'));
    await b.create(p + '0', buf('sibling'));
    await b.create(p.slice(0, -1), buf('parent-ish'));
    const res = await b.list(p + '/');
    assert.deepEqual(res.kvs.map((kv) => kv.key), [p + '/a', p + '/b', p + '/c']);
    assert.deepEqual(res.kvs.map((kv) => str(kv.value)), ['/a', '/b', '/c']);
    assert.equal(res.more, false);
    assert.equal(res.revision, await b.currentRevision());
    assert.deepEqual((await b.list(p + '/nothing/')).kvs, []);
  });

  it('lists in byte order of the UTF-8 keys', async () => {
    const b = backend();
    const p = uniquePrefix();
    const names = ['z', 'B', 'a', '\u00e9', '\uffff', '\u{1F600}', 'a\u0000', 'a/b', '~', '\u0100'];
    for (const n of names) await b.create(p + n, buf(n));
    const expected = names.map((n) => p + n).sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y)));
    const res = await b.list(p);
    assert.deepEqual(res.kvs.map((kv) => kv.key), expected);
    // Paged listing follows the same order.
    const paged: string[] = [];
    let startKey: string | undefined;
    for (;;) {
      const page = await b.list(p, { limit: 3, startKey, revision: res.revision });
      paged.push(...page.kvs.map((kv) => kv.key));
      if (!page.more) break;
      startKey = page.kvs[page.kvs.length - 1].key + '\u0000';
    }
    assert.deepEqual(paged, expected);
  });

  it('lists with limit and startKey continuation at a fixed revision', async () => {
    const b = backend();
    const p = uniquePrefix();
    for (const k of ['a', 'b', 'c', 'd', 'e']) await b.create(p + k, buf(k));
    const page1 = await b.list(p, { limit: 2 });
    assert.deepEqual(page1.kvs.map((kv) => str(kv.value)), ['a', 'b']);
    assert.equal(page1.more, true);
    // Changes after the first page must not show in the continuation at its revision.
    await b.create(p + 'bb', buf('bb'));
    await b.delete(p + 'c');
    await b.update(p + 'd', buf('d2'), (await b.get(p + 'd')).kv!.modRevision);
    const opts = { limit: 2, revision: page1.revision };
    const page2 = await b.list(p, { ...opts, startKey: p + 'b\u0000' });
    assert.equal(page2.revision, page1.revision);
    assert.deepEqual(page2.kvs.map((kv) => str(kv.value)), ['c', 'd']);
    assert.equal(page2.more, true);
    const page3 = await b.list(p, { ...opts, startKey: p + 'd\u0000' });
    assert.deepEqual(page3.kvs.map((kv) => str(kv.value)), ['e']);
    assert.equal(page3.more, false);
    // Exactly `limit` remaining keys: more is false.
    const exact = await b.list(p, { limit: 2, startKey: p + 'd' });
    assert.deepEqual(exact.kvs.map((kv) => str(kv.value)), ['d2', 'e']);
    assert.equal(exact.more, false);
    // The current state.
    const now = await b.list(p);
    assert.deepEqual(now.kvs.map((kv) => str(kv.value)), ['a', 'b', 'bb', 'd2', 'e']);
    // A startKey past every key under the prefix yields nothing.
    assert.deepEqual((await b.list(p, { startKey: p + '\u{10FFFF}' })).kvs, []);
  });

  it('lists at an older revision', async () => {
    const b = backend();
    const p = uniquePrefix();
    const r1 = await b.create(p + 'a', buf('a1'));
    await b.create(p + 'b', buf('b1'));
    const r3 = await b.update(p + 'a', buf('a2'), r1);
    const r4 = (await b.delete(p + 'b')).revision;
    await b.create(p + 'c', buf('c1'));
    const at = async (rev: number) =>
      (await b.list(p, { revision: rev })).kvs.map((kv) => `${kv.key.slice(p.length)}=${str(kv.value)}@${kv.modRevision}`);
    assert.deepEqual(await at(r1), [`a=a1@${r1}`]);
    assert.deepEqual(await at(r3), [`a=a2@${r3}`, `b=b1@${r1 + 1}`]);
    assert.deepEqual(await at(r4), [`a=a2@${r3}`]);
    assert.equal((await b.list(p, { revision: r3 })).revision, r3);
  });

  it('the empty prefix covers every key', async () => {
    const b = backend();
    const p = uniquePrefix();
    await b.create(p + 'a', buf('a'));
    await b.create(p + 'b', buf('b'));
    const first = await b.list('', { limit: 1 });
    assert.equal(first.kvs.length, 1);
    assert.equal(first.more, true);
    const all = await b.list('');
    assert.ok(all.kvs.some((kv) => kv.key === p + 'a') && all.kvs.some((kv) => kv.key === p + 'b'));
    assert.equal((await b.count('')).count, all.kvs.length);
  });

  it('counts keys under a prefix', async () => {
    const b = backend();
    const p = uniquePrefix();
    assert.equal((await b.count(p)).count, 0);
    for (const k of ['a', 'b', 'c']) await b.create(p + k, buf(k));
    await b.create(p.slice(0, -1) + 'x', buf('outside'));
    assert.equal((await b.count(p)).count, 3);
    await b.delete(p + 'b');
    const c = await b.count(p);
    assert.equal(c.count, 2);
    assert.equal(c.revision, await b.currentRevision());
  });
}
