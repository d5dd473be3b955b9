// Watch semantics of the generic store on the memory datastore: replay from a
// resourceVersion, 410 Gone past compaction, selector transitions.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MemoryBackend } from '../../datastore/memory.js';
import { StatusError } from '../errors.js';
import { WatchCache } from './cache.js';
import type { Entry } from './entry.js';
import { ResourceStore } from './store.js';
import { startWatch } from './watch.js';
import { testConfigMapDef } from './testing.js';

const def = testConfigMapDef;

async function setup(historySize = 20000) {
  const backend = new MemoryBackend();
  await backend.start();
  const cache = new WatchCache(backend, { historySize });
  await cache.start();
  const store = new ResourceStore(def, { backend, cache, hooks: {}, now: () => new Date() });
  return { backend, cache, store };
}

function collector() {
  const events: string[] = [];
  const errors: Error[] = [];
  return {
    events,
    errors,
    sink: {
      event: (t: string, e: Entry) => events.push(`${t} ${e.object().metadata!.name}`),
      bookmark: () => {},
      error: (err: Error) => errors.push(err),
    },
  };
}

describe('watch', () => {
  it('replays events after a resourceVersion, then follows live writes', async () => {
    const { store, backend, cache } = await setup();
    const a = await store.create('ns', { metadata: { name: 'a' } });
    await store.create('ns', { metadata: { name: 'b' } });
    const col = collector();
    const w = await startWatch(store, 'ns', { resourceVersion: a.metadata!.resourceVersion }, col.sink);
    await store.create('ns', { metadata: { name: 'c' } });
    assert.deepEqual(col.events, ['ADDED b', 'ADDED c']);
    w.stop();
    cache.stop();
    await backend.close();
  });

  it('answers 410 Gone for a resourceVersion older than the window and the datastore history', async () => {
    const { store, backend, cache } = await setup(2);
    const first = await store.create('ns', { metadata: { name: 'a' } });
    for (let i = 0; i < 5; i++) await store.create('ns', { metadata: { name: `x${i}` } });
    await backend.compact(await backend.currentRevision());
    const col = collector();
    let thrown: unknown;
    try {
      const w = await startWatch(store, 'ns', { resourceVersion: first.metadata!.resourceVersion }, col.sink);
      await new Promise((r) => setTimeout(r, 50));
      w.stop();
    } catch (e) {
      thrown = e;
    }
    const err = (thrown ?? col.errors[0]) as StatusError;
    assert.ok(err instanceof StatusError, `expected a StatusError, got ${String(err)}`);
    assert.equal(err.code, 410);
    assert.equal(err.reason, 'Expired');
    cache.stop();
    await backend.close();
  });

  it('reports objects leaving a label selector as DELETED', async () => {
    const { store, backend, cache } = await setup();
    await store.create('ns', { metadata: { name: 'a', labels: { x: '1' } } });
    const col = collector();
    const w = await startWatch(store, 'ns', { labelSelector: [{ key: 'x', op: '=', values: ['1'] }] }, col.sink);
    await store.update('ns', 'a', { metadata: { name: 'a', labels: { x: '2' } } });
    await store.update('ns', 'a', { metadata: { name: 'a', labels: { x: '1' } } });
    assert.deepEqual(col.events, ['ADDED a', 'DELETED a', 'ADDED a']);
    w.stop();
    cache.stop();
    await backend.close();
  });
});
