import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fmtMs, quantile, rate, summarize } from './stats.js';

test('quantile uses the nearest rank', () => {
  const s = Array.from({ length: 100 }, (_, i) => i + 1);
  assert.equal(quantile(s, 0.5), 50);
  assert.equal(quantile(s, 0.99), 99);
  assert.equal(quantile(s, 1), 100);
  assert.equal(quantile([7], 0.99), 7);
  assert.ok(Number.isNaN(quantile([], 0.5)));
});

test('summarize sorts the samples and reports p50/p99/max/mean', () => {
  const sum = summarize([5, 1, 3, 2, 4]);
  assert.deepEqual(sum, { count: 5, p50: 3, p90: 5, p99: 5, max: 5, mean: 3 });
});

test('fmtMs and rate', () => {
  assert.equal(fmtMs(0.4213), '0.42');
  assert.equal(fmtMs(3.14), '3.1');
  assert.equal(fmtMs(147.6), '148');
  assert.equal(fmtMs(NaN), 'n/a');
  assert.equal(rate(5000, 1000), 5000);
  assert.equal(rate(10, 0), 0);
});
