import assert from 'node:assert/strict';
import { test } from 'node:test';
import { IdleGcPolicy, startIdleGc } from './idle-gc.js';

const MB = 1 << 20;
const opts = { quietChecks: 3, maxUtilization: 0.05, growthBytes: 16 * MB };

test('collects once the heap grew 16 MB and the loop has been quiet for three checks', () => {
  const p = new IdleGcPolicy(20 * MB, opts);
  assert.equal(p.check(60 * MB, 0.9), false, 'busy');
  assert.equal(p.check(60 * MB, 0.01), false);
  assert.equal(p.check(60 * MB, 0.01), false);
  assert.equal(p.check(60 * MB, 0.01), true, 'third quiet check');
  p.collected(30 * MB);
  for (let i = 0; i < 5; i++) assert.equal(p.check(40 * MB, 0.01), false, 'grown less than 16 MB since');
  assert.equal(p.check(47 * MB, 0.01), true);
});

test('a busy check starts the quiet count again; a shrinking heap lowers the baseline', () => {
  const p = new IdleGcPolicy(50 * MB, opts);
  p.check(30 * MB, 0.01);
  p.check(30 * MB, 0.5);
  assert.equal(p.check(47 * MB, 0.01), false);
  assert.equal(p.check(47 * MB, 0.01), false);
  assert.equal(p.check(47 * MB, 0.01), true, 'baseline 30 MB, three quiet checks');
});

test('starts and stops without throwing when gc is not exposed', () => {
  const saved = (globalThis as { gc?: unknown }).gc;
  delete (globalThis as { gc?: unknown }).gc;
  try {
    const stop = startIdleGc({ checkMs: 10 });
    stop();
  } finally {
    if (saved) (globalThis as { gc?: unknown }).gc = saved;
  }
});
