import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { EtcdBackend } from './etcd.js';
import { InvalidDatastoreSpecError, openBackend } from './factory.js';
import { MemoryBackend } from './memory.js';
import { SqliteBackend } from './sqlite.js';

describe('openBackend', () => {
  it('defaults to SQLite in <dataDir>/state.db', () => {
    for (const spec of ['', 'sqlite']) {
      const b = openBackend(spec, '/var/lib/skiff');
      assert.ok(b instanceof SqliteBackend);
      assert.equal(b.file, join('/var/lib/skiff', 'state.db'));
    }
  });

  it('opens a SQLite file given by URL', () => {
    const b = openBackend('sqlite:///tmp/x/y.db', '/ignored');
    assert.ok(b instanceof SqliteBackend);
    assert.equal(b.file, '/tmp/x/y.db');
  });

  it('opens memory and etcd backends', async () => {
    assert.ok(openBackend('memory', '/d') instanceof MemoryBackend);
    const e = openBackend('etcd://127.0.0.1:1,localhost:2', '/d');
    assert.ok(e instanceof EtcdBackend);
    assert.equal(e.name, 'etcd');
    await e.close();
  });

  it('rejects bad specs with InvalidDatastoreSpecError', () => {
    for (const spec of ['mysql://x', 'etcd://', 'etcd://host', 'etcd://h:99999', 'etcd://a:1,,b:2', 'sqlite://', 'postgres']) {
      assert.throws(() => openBackend(spec, '/d'), InvalidDatastoreSpecError, spec);
    }
  });
});
