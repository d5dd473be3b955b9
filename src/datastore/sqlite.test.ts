import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { KeyExistsError, UnavailableError } from './backend.js';
import { runBackendContract } from './contract.js';
import { SqliteBackend } from './sqlite.js';

const dirs: string[] = [];
function tempDb(): string {
  const dir = mkdtempSync(join(tmpdir(), 'skiff-sqlite-'));
  dirs.push(dir);
  return join(dir, 'state.db');
}
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

runBackendContract('sqlite', () => new SqliteBackend(tempDb()));

describe('SqliteBackend persistence', () => {
  it('keeps data and never reuses revisions across restarts and compaction', async () => {
    const file = tempDb();
    let b = new SqliteBackend(file);
    await b.start();
    const r1 = await b.create('/k/a', Buffer.from('a'));
    await b.create('/k/b', Buffer.from('b'));
    const del = await b.delete('/k/b'); // the newest row is a tombstone...
    await b.compact(del.revision); // ...which compaction removes
    await b.close();

    b = new SqliteBackend(file);
    await b.start();
    assert.equal(await b.currentRevision(), del.revision);
    assert.equal(await b.compactRevision(), del.revision);
    assert.equal((await b.get('/k/a')).kv?.modRevision, r1);
    assert.equal((await b.get('/k/b')).kv, undefined);
    await assert.rejects(b.create('/k/a', Buffer.from('x')), KeyExistsError);
    const next = await b.create('/k/c', Buffer.from('c'));
    assert.equal(next, del.revision + 1);
    await b.close();
  });

  it('refuses a second open of the same file while the first is open', async () => {
    const file = tempDb();
    const first = new SqliteBackend(file);
    await first.start();
    await first.create('/x', Buffer.from('1'));
    await first.close();
    // Reopened without writing: it still owns the file.
    const a = new SqliteBackend(file);
    await a.start();
    const b = new SqliteBackend(file);
    await assert.rejects(b.start(), UnavailableError);
    await b.close();
    await a.close();
  });

  it('compaction keeps the file bounded under repeated updates of the same keys', async () => {
    const file = tempDb();
    const b = new SqliteBackend(file);
    await b.start();
    const keys = Array.from({ length: 50 }, (_, i) => `/registry/things/ns/k${i}`);
    const value = Buffer.alloc(512, 'x');
    const revs = new Map<string, number>();
    for (const k of keys) revs.set(k, await b.create(k, value));
    const sizes: number[] = [];
    for (let round = 0; round < 8; round++) {
      for (let i = 0; i < 40; i++) {
        for (const k of keys) revs.set(k, await b.update(k, value, revs.get(k)!));
      }
      await b.compact(await b.currentRevision());
      sizes.push(await b.size());
    }
    await b.close();
    // 16,000 updates of ~0.5 KiB each (~8 MiB written); after the first rounds the file
    // reuses freed pages instead of growing.
    const max = Math.max(...sizes.slice(2));
    assert.ok(max < 3 * 1024 * 1024, `sizes ${sizes.join(', ')}`);
    assert.ok(sizes[sizes.length - 1] <= sizes[2] * 1.2, `sizes ${sizes.join(', ')}`);
  });
});
