import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SchedulingQueue } from './queue.js';
import { makePod } from './testing.js';

test('pops by priority, then by age', async () => {
  const q = new SchedulingQueue();
  q.add(makePod('old-low'));
  q.add(makePod('high', { priority: 10 }));
  q.add(makePod('new-low'));
  const order = [];
  for (let i = 0; i < 3; i++) order.push((await q.pop())!.pod.metadata?.name);
  assert.deepEqual(order, ['high', 'old-low', 'new-low']);
  q.close();
});

test('unschedulable pods wait for a cluster event; a move during the attempt sends them to back-off instead', async () => {
  let now = 1000;
  const q = new SchedulingQueue({ initialBackoffMs: 100, now: () => now });
  q.add(makePod('p'));
  const a = (await q.pop())!;
  q.requeueUnschedulable(a, new Set(['NodeResourcesFit']));
  assert.deepEqual(q.sizes(), { active: 0, backoff: 0, unschedulable: 1 });
  now += 50;
  q.flush();
  assert.deepEqual(q.sizes(), { active: 0, backoff: 0, unschedulable: 1 }, 'no retry without an event');
  q.moveUnschedulable();
  assert.deepEqual(q.sizes(), { active: 0, backoff: 1, unschedulable: 0 }, 'still backing off');
  now += 100;
  q.flush();
  assert.deepEqual(q.sizes(), { active: 1, backoff: 0, unschedulable: 0 });

  const b = (await q.pop())!;
  q.moveUnschedulable(); // an event while b is being scheduled
  q.requeueUnschedulable(b, new Set());
  assert.deepEqual(q.sizes(), { active: 0, backoff: 1, unschedulable: 0 });
  q.close();
});

test('back-off doubles per attempt up to the maximum', () => {
  const q = new SchedulingQueue({ initialBackoffMs: 1000, maxBackoffMs: 10000 });
  const info = { pod: makePod('p'), key: 'default/p', attempts: 0, timestamp: 0, lastFailure: 0, unschedulablePlugins: new Set<string>(), cycle: 0 };
  const got = [1, 2, 3, 4, 5, 6].map((attempts) => q.backoffDuration({ ...info, attempts }));
  assert.deepEqual(got, [1000, 2000, 4000, 8000, 10000, 10000]);
  q.close();
});

test('a spec change of an unschedulable pod retries it; a status-only change does not', async () => {
  const q = new SchedulingQueue({ initialBackoffMs: 1, now: () => 1e9 });
  const pod = makePod('p');
  q.add(pod);
  q.requeueUnschedulable((await q.pop())!, new Set());
  q.update({ ...pod, status: { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False' }] } });
  assert.equal(q.sizes().unschedulable, 1);
  q.update({ ...pod, spec: { ...pod.spec!, tolerations: [{ operator: 'Exists' }] } });
  assert.equal(q.sizes().unschedulable, 0);
  q.close();
});

test('close wakes a waiting pop with undefined', async () => {
  const q = new SchedulingQueue();
  const p = q.pop();
  q.close();
  assert.equal(await p, undefined);
});
