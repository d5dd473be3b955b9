// Cache entries: the resourceVersion spliced into the stored text, and what a
// write hands the entry made from it (labels, the field-selector view).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteBackend } from '../../datastore/sqlite.js';
import { WatchCache } from './cache.js';
import { Entry, hintWrite } from './entry.js';
import { objectFields } from './list.js';
import { ResourceStore } from './store.js';
import { testConfigMapDef } from './testing.js';

const def = testConfigMapDef;

const noParse = (): Record<string, string> => {
  throw new Error('the entry parsed its object');
};

describe('Entry', () => {
  it('splices the resourceVersion into stored JSON', () => {
    const e = Entry.fromKv({ key: 'k', value: Buffer.from('{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a"}}'), createRevision: 3, modRevision: 7 });
    assert.equal(e.json, '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"resourceVersion":"7","name":"a"}}');
    assert.equal(e.object().metadata?.resourceVersion, '7');
  });

  it('takes labels and the field view from the write that stored the value', () => {
    const value = Buffer.from('{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a","namespace":"ns","labels":{"app":"x"}}}');
    hintWrite(value, { labels: { app: 'x' }, def, fields: { 'metadata.name': 'a', 'metadata.namespace': 'ns' } });
    const e = Entry.fromKv({ key: 'k', value, createRevision: 1, modRevision: 1 });
    assert.deepEqual(e.labels, { app: 'x' });
    assert.deepEqual(e.fields(def, noParse), { 'metadata.name': 'a', 'metadata.namespace': 'ns' });
    // Another kind's view is computed from the object, once.
    const other = { ...def };
    let computed = 0;
    const view = (o: Parameters<typeof objectFields>[1]) => (computed++, objectFields(other, o));
    assert.equal(e.fields(other, view)['metadata.name'], 'a');
    e.fields(other, view);
    assert.equal(computed, 1);
  });

  it('entries of store writes need no parse for selectors, and hold copies of the labels (SQLite hands the written Buffer back)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'skiff-entry-'));
    const backend = new SqliteBackend(join(dir, 'state.db'));
    await backend.start();
    const cache = new WatchCache(backend, { historySize: 100 });
    await cache.start();
    try {
      const store = new ResourceStore(def, { backend, cache, hooks: {}, now: () => new Date() });
      const obj = await store.create('ns', { metadata: { name: 'a', labels: { app: 'web' } } });
      obj.metadata!.labels!['app'] = 'changed';
      const e = cache.get(store.keyFor('ns', 'a'))!;
      assert.deepEqual(e.labels, { app: 'web' });
      assert.equal(e.fields(def, noParse)['metadata.name'], 'a');
    } finally {
      cache.stop();
      await backend.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
