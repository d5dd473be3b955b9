import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FakeResourceClient } from './fake.js';
import { NODES, PODS } from './gvr.js';
import { ApiError, type WatchEvent } from './types.js';

const tick = () => new Promise((r) => setTimeout(r, 5));

test('create, get, list with selectors, update conflicts, delete', async () => {
  const c = new FakeResourceClient();
  await c.create(PODS, 'a', { metadata: { name: 'p1', labels: { app: 'x' } }, spec: { nodeName: '' } });
  await c.create(PODS, 'b', { metadata: { name: 'p2' }, spec: { nodeName: 'n1' } });
  await assert.rejects(c.create(PODS, 'a', { metadata: { name: 'p1' } }), (e: unknown) => e instanceof ApiError && e.reason === 'AlreadyExists');
  assert.equal((await c.list(PODS, '')).items.length, 2);
  assert.equal((await c.list(PODS, 'a')).items.length, 1);
  assert.deepEqual((await c.list(PODS, '', { labelSelector: 'app=x' })).items.map((p) => p.metadata?.name), ['p1']);
  assert.deepEqual((await c.list(PODS, '', { fieldSelector: 'spec.nodeName=' })).items.map((p) => p.metadata?.name), ['p1']);
  const p1 = await c.get(PODS, 'a', 'p1');
  await c.update(PODS, 'a', { ...p1, spec: { nodeName: '' , x: 1 } });
  await assert.rejects(c.update(PODS, 'a', p1), (e: unknown) => e instanceof ApiError && e.code === 409);
  await c.delete(PODS, 'a', 'p1');
  await assert.rejects(c.get(PODS, 'a', 'p1'), (e: unknown) => e instanceof ApiError && e.code === 404);
});

test('status writes only touch status; main writes keep it; patches of each type', async () => {
  const c = new FakeResourceClient();
  await c.create(PODS, 'ns', { metadata: { name: 'p' }, spec: { a: 1 }, status: { phase: 'Pending', conditions: [{ type: 'Ready', status: 'False' }] } });
  await c.patch(PODS, 'ns', 'p', 'strategic', { status: { conditions: [{ type: 'PodScheduled', status: 'False' }] } }, { subresource: 'status' });
  let p = await c.get(PODS, 'ns', 'p');
  assert.deepEqual((p.status as { conditions: unknown[] }).conditions, [{ type: 'Ready', status: 'False' }, { type: 'PodScheduled', status: 'False' }]);
  await c.patch(PODS, 'ns', 'p', 'merge', { spec: { b: 2 }, status: { phase: 'Running' } });
  p = await c.get(PODS, 'ns', 'p');
  assert.deepEqual(p.spec, { a: 1, b: 2 });
  assert.equal((p.status as { phase: string }).phase, 'Pending');
  await c.patch(PODS, 'ns', 'p', 'json', [{ op: 'remove', path: '/spec/a' }]);
  assert.deepEqual((await c.get(PODS, 'ns', 'p')).spec, { b: 2 });
});

test('pods/binding sets spec.nodeName once', async () => {
  const c = new FakeResourceClient();
  await c.create(PODS, 'ns', { metadata: { name: 'p' }, spec: {} });
  await c.createSubresource(PODS, 'ns', 'p', 'binding', { metadata: { name: 'p' }, target: { kind: 'Node', name: 'n1' } });
  assert.equal((await c.get(PODS, 'ns', 'p')).spec && ((await c.get(PODS, 'ns', 'p')).spec as { nodeName: string }).nodeName, 'n1');
  await assert.rejects(c.createSubresource(PODS, 'ns', 'p', 'binding', { target: { name: 'n2' } }), (e: unknown) => e instanceof ApiError && e.code === 409);
});

test('watch: initial state, live events, selector transitions, replay, 410 after compaction', async () => {
  const c = new FakeResourceClient();
  await c.create(PODS, 'ns', { metadata: { name: 'p' }, spec: {} });
  const events: string[] = [];
  const h = c.watch(PODS, '', { fieldSelector: 'spec.nodeName=' }, (ev: WatchEvent) => events.push(`${ev.type} ${ev.object.metadata?.name}`), () => {});
  const rv = c.resourceVersion;
  await c.create(PODS, 'ns', { metadata: { name: 'q' }, spec: {} });
  await c.createSubresource(PODS, 'ns', 'p', 'binding', { target: { name: 'n1' } });
  await tick();
  assert.deepEqual(events, ['ADDED p', 'ADDED q', 'DELETED p']);
  h.stop();

  const replayed: string[] = [];
  c.watch(PODS, 'ns', { resourceVersion: rv }, (ev) => replayed.push(`${ev.type} ${ev.object.metadata?.name}`), () => {});
  await tick();
  assert.deepEqual(replayed, ['ADDED q', 'MODIFIED p']);

  c.compact();
  const err = await new Promise<Error | undefined>((resolve) => c.watch(PODS, '', { resourceVersion: rv }, () => {}, resolve));
  assert.ok(err instanceof ApiError && err.code === 410);
});

test('reactors inject failures and actions are recorded', async () => {
  const c = new FakeResourceClient();
  c.prependReactor((a) => {
    if (a.verb === 'create' && a.resource === 'nodes') throw new ApiError(500, 'InternalError', 'injected');
    return undefined;
  });
  await assert.rejects(c.create(NODES, '', { metadata: { name: 'n' } }), /injected/);
  assert.deepEqual(c.actions.map((a) => `${a.verb} ${a.resource}`), ['create nodes']);
});

test('breakWatches closes open watches with the error', async () => {
  const c = new FakeResourceClient();
  const closed = new Promise<Error | undefined>((resolve) => c.watch(NODES, '', {}, () => {}, resolve));
  c.breakWatches(new Error('broken'));
  assert.equal((await closed)?.message, 'broken');
  assert.equal(c.openWatches(), 0);
});
