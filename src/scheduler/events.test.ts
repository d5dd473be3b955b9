import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FakeResourceClient } from '../client/fake.js';
import { EVENTS, PODS } from '../client/gvr.js';
import { setPodScheduledCondition } from './conditions.js';
import { EventRecorder } from './events.js';
import type { Pod } from './framework/types.js';
import { makePod } from './testing.js';

test('repeated events are folded into one with a growing count', async () => {
  const c = new FakeResourceClient();
  const r = new EventRecorder(c, 'default-scheduler');
  const pod = makePod('p');
  await r.record(pod, 'Warning', 'FailedScheduling', 'no', 'Scheduling');
  await r.record(pod, 'Warning', 'FailedScheduling', 'no', 'Scheduling');
  await r.record(pod, 'Warning', 'FailedScheduling', 'different', 'Scheduling');
  const evs = c.objects(EVENTS);
  assert.equal(evs.length, 2);
  const first = evs.find((e) => e.message === 'no')!;
  assert.equal(first.count, 2);
  assert.deepEqual(first.involvedObject, { apiVersion: 'v1', kind: 'Pod', namespace: 'default', name: 'p', uid: 'uid-p', resourceVersion: undefined });
  assert.equal(first.reportingComponent, 'default-scheduler');
});

test('PodScheduled is written only when it changes', async () => {
  const c = new FakeResourceClient();
  await c.create(PODS, 'default', makePod('p'));
  const cond = { status: 'False' as const, reason: 'Unschedulable', message: '0/1 nodes are available: 1 Too many pods.' };
  assert.equal(await setPodScheduledCondition(c, await c.get<Pod>(PODS, 'default', 'p'), cond), true);
  const pod = await c.get<Pod>(PODS, 'default', 'p');
  assert.equal(pod.status?.conditions?.[0].type, 'PodScheduled');
  assert.equal(pod.status?.conditions?.[0].message, cond.message);
  assert.equal(await setPodScheduledCondition(c, pod, cond), false);
  assert.equal(await setPodScheduledCondition(c, pod, { ...cond, message: 'other' }), true);
});
