import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Backoff } from './backoff.js';

test('doubles from 10 s to the 300 s cap and resets after a long run', () => {
  let now = 1_000_000;
  const b = new Backoff(10_000, 300_000, () => now);
  const delays = [];
  for (let i = 0; i < 7; i++) delays.push(b.next('k', now));
  assert.deepEqual(delays, [10_000, 20_000, 40_000, 80_000, 160_000, 300_000, 300_000]);
  // The container ran for more than 10 minutes before exiting again.
  now += 11 * 60_000;
  assert.equal(b.next('k', now), 10_000);
});

test('isInBackOffSince is true inside the window that started at the exit', () => {
  let now = 0;
  const b = new Backoff(10_000, 300_000, () => now);
  assert.equal(b.isInBackOffSince('k', now), false);
  b.next('k', now);
  now = 5_000;
  assert.equal(b.isInBackOffSince('k', 0), true);
  assert.equal(b.remaining('k', 0), 5_000);
  now = 10_001;
  assert.equal(b.isInBackOffSince('k', 0), false);
});
