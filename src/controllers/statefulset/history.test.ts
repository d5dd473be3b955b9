import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeResourceClient } from '../../client/fake.js';
import { applyRevision, canonicalJson, fnv32a, hashRevision, newRevision, RevisionHistory, safeEncode, sortRevisions } from './history.js';
import { makeSet } from './testing.js';
import { CONTROLLER_REVISIONS, type ControllerRevision, REVISION_LABEL } from './types.js';

test('fnv32a matches the reference vectors', () => {
  const enc = (s: string) => new TextEncoder().encode(s);
  assert.equal(fnv32a(enc('')), 0x811c9dc5);
  assert.equal(fnv32a(enc('a')), 0xe40c292c);
  assert.equal(fnv32a(enc('foobar')), 0xbf9cf968);
});

test('canonical JSON sorts keys so equal templates hash equally', () => {
  assert.equal(canonicalJson({ b: 1, a: [{ d: 2, c: undefined }] }), '{"a":[{"d":2}],"b":1}');
  assert.equal(hashRevision({ x: 1, y: 2 }, 0), hashRevision({ y: 2, x: 1 }, 0));
  assert.notEqual(hashRevision({ x: 1 }, 0), hashRevision({ x: 1 }, 1));
  assert.match(safeEncode('1234567890'), /^[bcdfghjklmnpqrstvwxz2456789]+$/);
});

test('a revision carries the template as a replace patch, the hash label and a controller ref', () => {
  const set = makeSet('web');
  set.metadata.uid = 'u1';
  const rev = newRevision(set, 1, 0);
  assert.match(rev.metadata.name!, /^web-[bcdfghjklmnpqrstvwxz2456789]+$/);
  assert.equal(rev.metadata.labels?.[REVISION_LABEL], rev.metadata.name!.slice(4));
  assert.equal(rev.metadata.labels?.app, 'web');
  assert.equal(rev.metadata.ownerReferences?.[0]?.uid, 'u1');
  assert.equal((rev.data as { spec: { template: { $patch: string } } }).spec.template.$patch, 'replace');
  const other = makeSet('web');
  other.spec.template.metadata!.labels = { app: 'web', v: '2' };
  assert.deepEqual(applyRevision(other, rev).spec.template, set.spec.template);
});

test('creating a revision whose name is taken by different data bumps the collision count', async () => {
  const client = new FakeResourceClient();
  const history = new RevisionHistory(client);
  const set = makeSet('web');
  set.metadata.uid = 'u1';
  const rev = newRevision(set, 1, 0);
  await client.create(CONTROLLER_REVISIONS, 'default', { ...rev, data: { other: true } });
  const collision = { count: 0 };
  const created = await history.create(set, rev, collision);
  assert.equal(collision.count, 1);
  assert.notEqual(created.metadata.name, rev.metadata.name);
  // The same data again returns the existing revision.
  const again = await history.create(set, rev, { count: 1 });
  assert.equal(again.metadata.uid, created.metadata.uid);
});

test('revisions sort by number', () => {
  const r = (name: string, revision: number): ControllerRevision => ({ metadata: { name }, revision });
  assert.deepEqual(sortRevisions([r('c', 3), r('a', 1), r('b', 2)]).map((x) => x.metadata.name), ['a', 'b', 'c']);
});
