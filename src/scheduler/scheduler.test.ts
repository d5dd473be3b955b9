// The scheduler end to end on the fake client.
import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import { FakeResourceClient } from '../client/fake.js';
import { EVENTS, NODES, PODS } from '../client/gvr.js';
import type { KubeObject } from '../apiserver/types.js';
import type { Pod } from './framework/types.js';
import { startScheduler, type RunningScheduler } from './index.js';
import { makeNode, makePod } from './testing.js';

let running: RunningScheduler | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
});

async function until<T>(fn: () => Promise<T | undefined> | T | undefined, ms = 3000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function nodeOf(c: FakeResourceClient, name: string, ns = 'default'): Promise<string | undefined> {
  return ((await c.get<Pod>(PODS, ns, name)).spec?.nodeName) || undefined;
}

function events(c: FakeResourceClient, reason: string): KubeObject[] {
  return c.objects(EVENTS).filter((e) => e.reason === reason);
}

async function start(c: FakeResourceClient, opts = {}): Promise<void> {
  running = startScheduler(c, { initialBackoffMs: 20, maxBackoffMs: 50, ...opts });
  await running.ready;
}

test('binds a pod to the node that fits and records a Scheduled event', async () => {
  const c = new FakeResourceClient();
  await c.create(NODES, '', makeNode('small', { cpu: '1' }));
  await c.create(NODES, '', makeNode('big', { cpu: '8' }));
  await start(c);
  await c.create(PODS, 'default', makePod('p', { cpu: '2' }));
  assert.equal(await until(() => nodeOf(c, 'p')), 'big');
  const ev = await until(() => events(c, 'Scheduled')[0]);
  assert.equal(ev.message, 'Successfully assigned default/p to big');
  assert.equal(ev.type, 'Normal');
  assert.deepEqual((ev.involvedObject as { kind: string; name: string }).name, 'p');
  assert.equal((ev.source as { component: string }).component, 'default-scheduler');
});

test('an unschedulable pod gets PodScheduled=False and a FailedScheduling event, then is bound when a node fits', async () => {
  const c = new FakeResourceClient();
  await c.create(NODES, '', makeNode('tainted', { cpu: '32', taints: [{ key: 'dedicated', value: 'x', effect: 'NoSchedule' }] }));
  await c.create(NODES, '', makeNode('s1', { cpu: '1' }));
  await c.create(NODES, '', makeNode('s2', { cpu: '2' }));
  await start(c);
  await c.create(PODS, 'default', makePod('p', { cpu: '16' }));
  const cond = await until(async () => (await c.get<Pod>(PODS, 'default', 'p')).status?.conditions?.find((x) => x.type === 'PodScheduled'));
  const want =
    '0/3 nodes are available: 1 node(s) had untolerated taint {dedicated: x}, 2 Insufficient cpu. ' +
    'preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod..';
  assert.equal(cond.status, 'False');
  assert.equal(cond.reason, 'Unschedulable');
  assert.equal(cond.message, want);
  const failed = await until(() => events(c, 'FailedScheduling')[0]);
  assert.equal(failed.type, 'Warning');
  assert.equal(failed.message, want);

  // Node heartbeats do not retry the pod (no hot loop).
  const attempts = () => c.actions.filter((a) => a.verb === 'patch' && a.resource === 'events').length + events(c, 'FailedScheduling').length;
  const before = attempts();
  for (let i = 0; i < 5; i++) {
    const n = await c.get(NODES, '', 's1');
    (n.status as { conditions: Array<Record<string, string>> }).conditions[0].lastHeartbeatTime = new Date(Date.now() + i * 1000).toISOString();
    await c.update(NODES, '', n, { subresource: 'status' });
    await new Promise((r) => setTimeout(r, 30));
  }
  assert.equal(attempts(), before, 'heartbeats must not requeue the pod');

  await c.create(NODES, '', makeNode('huge', { cpu: '64' }));
  assert.equal(await until(() => nodeOf(c, 'p')), 'huge');
});

test('assumed pods count: two pods that each need most of a node do not both land on it', async () => {
  const c = new FakeResourceClient();
  await c.create(NODES, '', makeNode('n', { cpu: '4' }));
  await start(c);
  await c.create(PODS, 'default', makePod('a', { cpu: '3' }));
  await c.create(PODS, 'default', makePod('b', { cpu: '3' }));
  await until(async () => (await nodeOf(c, 'a')) || (await nodeOf(c, 'b')));
  await until(() => events(c, 'FailedScheduling')[0]);
  const bound = [await nodeOf(c, 'a'), await nodeOf(c, 'b')].filter(Boolean);
  assert.deepEqual(bound, ['n']);
});

test('pods for another scheduler are left alone', async () => {
  const c = new FakeResourceClient();
  await c.create(NODES, '', makeNode('n'));
  await start(c);
  await c.create(PODS, 'default', makePod('mine'));
  await c.create(PODS, 'default', makePod('theirs', { schedulerName: 'other' }));
  await until(() => nodeOf(c, 'mine'));
  await new Promise((r) => setTimeout(r, 50));
  assert.equal(await nodeOf(c, 'theirs'), undefined);
});

test('no nodes at all: the pod waits with a message and is scheduled when a node registers', async () => {
  const c = new FakeResourceClient();
  await start(c);
  await c.create(PODS, 'default', makePod('p'));
  const ev = await until(() => events(c, 'FailedScheduling')[0]);
  assert.equal(ev.message, 'no nodes available to schedule pods');
  await c.create(NODES, '', makeNode('late'));
  assert.equal(await until(() => nodeOf(c, 'p')), 'late');
});

test('preemption: a higher-priority pod evicts a lower-priority one and takes its place', async () => {
  const c = new FakeResourceClient();
  await c.create(NODES, '', makeNode('n', { cpu: '2' }));
  await c.create(PODS, 'default', makePod('low', { cpu: '1500m', priority: 0, nodeName: 'n' }));
  await start(c);
  await c.create(PODS, 'default', makePod('high', { cpu: '1500m', priority: 1000 }));
  assert.equal(await until(() => nodeOf(c, 'high')), 'n');
  await assert.rejects(c.get(PODS, 'default', 'low'), /not found/);
});

test('a failed binding is retried after back-off', async () => {
  const c = new FakeResourceClient();
  let failures = 1;
  c.prependReactor((a) => {
    if (a.verb === 'createSubresource' && a.subresource === 'binding' && failures-- > 0) throw new Error('etcd hiccup');
    return undefined;
  });
  await c.create(NODES, '', makeNode('n'));
  await start(c);
  await c.create(PODS, 'default', makePod('p'));
  assert.equal(await until(() => nodeOf(c, 'p')), 'n');
  const failed = events(c, 'FailedScheduling');
  assert.equal(failed.length, 1);
  assert.match(String(failed[0].message), /Binding rejected: etcd hiccup/);
});
