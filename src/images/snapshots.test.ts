import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chainIds, SnapshotError, SnapshotStore } from './snapshots.js';

const d = (c: string) => `sha256:${c.repeat(64)}`;

test('chain ids follow the OCI definition', () => {
  const c2 = 'sha256:' + createHash('sha256').update(`${d('a')} ${d('b')}`).digest('hex');
  const c3 = 'sha256:' + createHash('sha256').update(`${c2} ${d('c')}`).digest('hex');
  assert.deepEqual(chainIds([d('a'), d('b'), d('c')]), [d('a'), c2, c3]);
  assert.deepEqual(chainIds([]), []);
});

test('prepare, commit (first wins), list, remove', async () => {
  const root = await mkdtemp(join(tmpdir(), 'skiff-snap-'));
  try {
    const s = new SnapshotStore(root);
    const p1 = await s.prepare();
    const p2 = await s.prepare();
    await writeFile(join(p1.fs, 'f'), 'one');
    await writeFile(join(p2.fs, 'f'), 'two');
    assert.equal(await s.has(d('a')), false);
    assert.equal(await p1.commit(d('a')), s.dir(d('a')));
    await p2.commit(d('a'));
    assert.equal(await readFile(join(s.dir(d('a')), 'f'), 'utf8'), 'one');
    assert.deepEqual(await s.list(), [d('a')]);
    const p3 = await s.prepare();
    await p3.abort();
    assert.deepEqual(await readdir(root), [d('a').slice(7)]);
    await s.remove(d('a'));
    assert.deepEqual(await readdir(root), []);
    assert.throws(() => s.dir('sha256:../x'), SnapshotError);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});
