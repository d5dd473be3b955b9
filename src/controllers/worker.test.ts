import { test } from 'node:test';
import assert from 'node:assert/strict';
import { QueueWorkers } from './worker.js';
import { until } from './testing.js';

test('workers retry failed keys with back-off and log the errors, except those that ask to retry quietly', async () => {
  const logs: string[] = [];
  const attempts = new Map<string, number>();
  const w = new QueueWorkers(
    'test',
    async (key) => {
      const n = (attempts.get(key) ?? 0) + 1;
      attempts.set(key, n);
      if (n < 3) throw key === 'quiet' ? Object.assign(new Error('behind'), { retryQuietly: true }) : new Error(`boom ${n}`);
    },
    (l) => void logs.push(l),
    { baseDelayMs: 1 },
  );
  w.start(2);
  w.queue.add('loud');
  w.queue.add('quiet');
  await until(() => attempts.get('loud') === 3 && attempts.get('quiet') === 3);
  await w.stop();
  assert.deepEqual(logs, ['test: syncing loud: boom 1', 'test: syncing loud: boom 2']);
});
