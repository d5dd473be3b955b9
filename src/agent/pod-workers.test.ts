import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PodWorkers } from './pod-workers.js';
import type { Pod } from './types.js';

const pod = (uid: string, gen: number): Pod => ({ metadata: { uid, name: uid, generation: gen } });
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

test('never runs two syncs of one pod at once and the latest state wins', async () => {
  let active = 0;
  let maxActive = 0;
  const seen: number[] = [];
  const w = new PodWorkers(async (p) => {
    active++;
    maxActive = Math.max(maxActive, active);
    seen.push(p.metadata!.generation!);
    await sleep(20);
    active--;
  });
  w.update(pod('a', 1));
  await sleep(5);
  w.update(pod('a', 2));
  w.update(pod('a', 3));
  w.update(pod('a', 4));
  await sleep(5);
  await w.idle();
  assert.equal(maxActive, 1);
  assert.deepEqual(seen, [1, 4]);
  await w.stop();
});

test('different pods run in parallel; removal ends the worker; retries re-run', async () => {
  let active = 0;
  let maxActive = 0;
  let retries = 0;
  const w = new PodWorkers(async (p, removed) => {
    active++;
    maxActive = Math.max(maxActive, active);
    await sleep(10);
    active--;
    if (p.metadata!.uid === 'r' && !removed && retries++ < 2) return { retryAfterMs: 5 };
    return undefined;
  });
  w.update(pod('a', 1));
  w.update(pod('b', 1));
  w.update(pod('r', 1));
  await sleep(80);
  assert.equal(maxActive, 3);
  assert.equal(retries, 3);
  w.remove(pod('a', 1));
  await sleep(20);
  await w.idle();
  assert.equal(w.has('a'), false);
  await w.stop();
});
