import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startCompactor } from './compactor.js';
import { MemoryBackend } from './memory.js';

async function writes(b: MemoryBackend, n: number): Promise<void> {
  const start = await b.currentRevision();
  for (let i = 0; i < n; i++) await b.create(`/k/${start + i}`, Buffer.from('v'));
}

describe('startCompactor', () => {
  it('keeps the last keepRevisions revisions', async () => {
    const b = new MemoryBackend();
    await writes(b, 30);
    const c = startCompactor(b, { intervalMs: 3_600_000, keepRevisions: 10, keepMs: 0 });
    assert.equal(await c.runOnce(), 20);
    assert.equal(await b.compactRevision(), 20);
    assert.equal(await c.runOnce(), 0, 'nothing new to compact');
    await c.stop();
  });

  it('also keeps at least keepMs of history', async () => {
    const b = new MemoryBackend();
    let clock = 0;
    const c = startCompactor(b, { intervalMs: 3_600_000, keepRevisions: 5, keepMs: 1000, now: () => clock });
    await writes(b, 20);
    assert.equal(await c.runOnce(), 0, 'no history is old enough yet'); // sample (0, 20)
    clock = 600;
    await writes(b, 20);
    assert.equal(await c.runOnce(), 0); // sample (600, 40)
    clock = 1000;
    await writes(b, 20);
    assert.equal(await c.runOnce(), 20, 'history older than 1 s ends at revision 20');
    clock = 1700;
    assert.equal(await c.runOnce(), 40);
    clock = 100_000;
    assert.equal(await c.runOnce(), 55, 'the revision bound applies too');
    await c.stop();
  });

  it('runs on its interval and reports errors', async () => {
    const b = new MemoryBackend();
    await writes(b, 10);
    const errors: unknown[] = [];
    const c = startCompactor(b, { intervalMs: 10, keepRevisions: 2, keepMs: 0, onError: (e) => errors.push(e) });
    const deadline = Date.now() + 2000;
    while ((await b.compactRevision()) !== 8 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    assert.equal(await b.compactRevision(), 8);
    await c.stop();
    b.compact = async () => {
      throw new Error('boom');
    };
    await writes(b, 5);
    await c.runOnce();
    assert.equal(errors.length, 1);
  });
});
