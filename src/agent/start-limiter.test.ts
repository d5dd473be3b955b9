import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StartLimiter } from './start-limiter.js';

const tick = () => new Promise((r) => setImmediate(r));

test('at most `slots` run at once; waiters go by the pod arrival order', async () => {
  const lim = new StartLimiter(1);
  const log: string[] = [];
  let release!: () => void;
  const first = lim.run('a', () => new Promise<void>((r) => (release = r)).then(() => void log.push('a1')));
  lim.rank('b');
  lim.rank('c');
  // c asks before b does, but b arrived first: b goes first.
  const c = lim.run('c', async () => void log.push('c'));
  const b = lim.run('b', async () => void log.push('b'));
  // a's second step outranks both.
  const a2 = lim.run('a', async () => void log.push('a2'));
  await tick();
  assert.deepEqual(log, [], 'nothing else runs while the slot is taken');
  release();
  await Promise.all([first, c, b, a2]);
  assert.deepEqual(log, ['a1', 'a2', 'b', 'c']);
});

test('errors release the slot', async () => {
  const lim = new StartLimiter(1);
  await assert.rejects(lim.run('x', async () => { throw new Error('boom'); }));
  assert.equal(await lim.run('y', async () => 42), 42);
});
