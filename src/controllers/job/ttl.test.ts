import { test } from 'node:test';
import assert from 'node:assert/strict';
import { harness, until } from '../testing.js';
import { createJob, makeJob } from './testutil.js';
import { TTLAfterFinishedController, timeLeft } from './ttl.js';
import { type Job, JOBS } from './types.js';

const finished = (name: string, ttl: number | undefined, at: Date): Job => {
  const j = makeJob(name, ttl === undefined ? {} : { ttlSecondsAfterFinished: ttl });
  j.status = { conditions: [{ type: 'Complete', status: 'True', lastTransitionTime: at.toISOString() }], completionTime: at.toISOString() };
  return j;
};

test('timeLeft counts from the finished condition', () => {
  const at = new Date('2024-01-01T00:00:00Z');
  assert.equal(timeLeft(finished('a', 10, at), at.getTime() + 4000), 6000);
  assert.equal(timeLeft(finished('a', undefined, at), at.getTime()), undefined);
  assert.equal(timeLeft(makeJob('b', { ttlSecondsAfterFinished: 5 }), at.getTime()), undefined);
});

test('finished Jobs are deleted once their TTL has passed, others are kept', async () => {
  const h = harness();
  try {
    await h.run((ctx) => new TTLAfterFinishedController(ctx));
    await createJob(h.client, finished('expired', 0, new Date(Date.now() - 1000)));
    await createJob(h.client, finished('soon', 1, new Date()));
    await createJob(h.client, finished('forever', undefined, new Date(Date.now() - 100_000)));
    await createJob(h.client, makeJob('running', { ttlSecondsAfterFinished: 0 }));
    await until(() => !h.client.objects(JOBS).some((j) => j.metadata?.name === 'expired'), 2000, 'expired deleted');
    assert.ok(h.client.objects(JOBS).some((j) => j.metadata?.name === 'soon'), 'not yet expired');
    await until(() => !h.client.objects(JOBS).some((j) => j.metadata?.name === 'soon'), 3000, 'soon deleted');
    const names = h.client.objects(JOBS).map((j) => j.metadata?.name).sort();
    assert.deepEqual(names, ['forever', 'running']);
    const del = h.client.actions.find((a) => a.verb === 'delete' && a.name === 'expired');
    assert.equal((del?.body as { propagationPolicy?: string }).propagationPolicy, 'Foreground');
  } finally {
    await h.stop();
  }
});
