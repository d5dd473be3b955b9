import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { withHostLock } from './host-lock.js';
import { runCommand } from './exec.js';

test('withHostLock serializes holders of the same lock file and releases it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'skiff-lock-test-'));
  const lock = join(dir, 'l');
  try {
    const events: string[] = [];
    const hold = (name: string) =>
      withHostLock(lock, async () => {
        events.push(`${name} in`);
        await new Promise((r) => setTimeout(r, 100));
        events.push(`${name} out`);
        return name;
      });
    assert.deepEqual(await Promise.all([hold('a'), hold('b')]), ['a', 'b']);
    assert.ok(events.join() === 'a in,a out,b in,b out' || events.join() === 'b in,b out,a in,a out', events.join());
    // Released: another process can take it at once.
    const r = await runCommand('flock', ['-n', lock, 'true']);
    assert.equal(r.code, 0);
    await assert.rejects(withHostLock(lock, async () => { throw new Error('boom'); }), /boom/);
    assert.equal((await runCommand('flock', ['-n', lock, 'true'])).code, 0, 'released after a failure too');
    // Held elsewhere: we time out.
    await assert.rejects(
      withHostLock(lock, () => withHostLock(lock, async () => 1, 1)),
      /flock .* exited 1/,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
