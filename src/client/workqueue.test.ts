import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RateLimitingQueue } from './workqueue.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('dedups keys while queued and keeps FIFO order', async () => {
  const q = new RateLimitingQueue();
  q.add('a');
  q.add('b');
  q.add('a');
  assert.equal(q.len(), 2);
  assert.equal(await q.get(), 'a');
  assert.equal(await q.get(), 'b');
  q.shutDown();
});

test('a key being processed is not handed out again until done, then is processed again', async () => {
  const q = new RateLimitingQueue();
  q.add('a');
  const k = await q.get();
  assert.equal(k, 'a');
  q.add('a');
  assert.equal(q.len(), 0, 'not queued while processing');
  let second: string | undefined;
  void q.get().then((v) => (second = v));
  await sleep(5);
  assert.equal(second, undefined);
  q.done('a');
  await sleep(0);
  assert.equal(second, 'a');
  q.done('a');
  assert.equal(q.len(), 0);
  q.shutDown();
});

test('a waiting get() receives a key added later', async () => {
  const q = new RateLimitingQueue();
  const p = q.get();
  q.add('x');
  assert.equal(await p, 'x');
  q.shutDown();
});

test('addAfter delays, and the earliest pending time wins', async () => {
  const q = new RateLimitingQueue();
  q.addAfter('a', 200);
  q.addAfter('a', 20);
  assert.equal(q.len(), 0);
  const t0 = Date.now();
  assert.equal(await q.get(), 'a');
  const waited = Date.now() - t0;
  assert.ok(waited >= 15 && waited < 150, `waited ${waited} ms`);
  q.shutDown();
});

test('per-item exponential back-off from 5 ms up to 1000 s; forget resets it', () => {
  const q = new RateLimitingQueue();
  const delays = Array.from({ length: 4 }, () => q.when('a'));
  assert.deepEqual(delays, [5, 10, 20, 40]);
  assert.equal(q.when('b'), 5, 'per item');
  for (let i = 0; i < 40; i++) q.when('a');
  assert.equal(q.when('a'), 1000_000);
  assert.equal(q.numRequeues('a'), 45);
  q.forget('a');
  assert.equal(q.when('a'), 5);
  q.shutDown();
});

test('addRateLimited re-queues after the back-off', async () => {
  const q = new RateLimitingQueue({ baseDelayMs: 10 });
  q.addRateLimited('a');
  assert.equal(q.len(), 0);
  await sleep(40);
  assert.equal(q.len(), 1);
  q.shutDown();
});

test('shutDown wakes waiters with undefined and ignores further adds', async () => {
  const q = new RateLimitingQueue();
  const p = q.get();
  q.shutDown();
  assert.equal(await p, undefined);
  q.add('a');
  assert.equal(await q.get(), undefined);
});
