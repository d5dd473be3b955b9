import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { LogRotator, rotationSuffix } from './log-rotation.js';

test('rotationSuffix is kubelet\'s UTC timestamp', () => {
  assert.equal(rotationSuffix(new Date('2026-01-02T03:04:05Z')), '20260102-030405');
});

test('an oversized log is renamed, the runtime reopens it, older ones are gzipped and trimmed to maxFiles', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'skiff-logrot-'));
  try {
    const log = join(dir, '0.log');
    const reopened: string[] = [];
    let now = new Date('2026-01-01T00:00:00Z');
    const rot = new LogRotator({
      runtime: {
        listContainers: async () => [{ id: 'c1' } as never],
        containerStatus: async () => ({ logPath: log }) as never,
        reopenContainerLog: async (id) => {
          reopened.push(id);
          writeFileSync(log, ''); // conmon starts a fresh file
        },
      },
      maxSizeBytes: 100,
      maxFiles: 3,
      now: () => now,
    });
    writeFileSync(log, 'x'.repeat(50));
    await rot.runOnce();
    assert.deepEqual(reopened, [], 'under the limit: untouched');
    for (let i = 0; i < 4; i++) {
      writeFileSync(log, `round ${i} `.repeat(20));
      await rot.runOnce();
      now = new Date(now.getTime() + 1000);
    }
    assert.equal(reopened.length, 4);
    const files = readdirSync(dir).sort();
    // maxFiles 3: the live log, the newest rotation (plain) and one older one (gzipped).
    assert.deepEqual(files, ['0.log', '0.log.20260101-000002.gz', '0.log.20260101-000003']);
    assert.match(readFileSync(join(dir, '0.log.20260101-000003'), 'utf8'), /round 3/);
    assert.match(gunzipSync(readFileSync(join(dir, '0.log.20260101-000002.gz'))).toString(), /round 2/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('when the runtime cannot reopen the log, the file is put back', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'skiff-logrot-'));
  try {
    const log = join(dir, '0.log');
    writeFileSync(log, 'y'.repeat(200));
    const rot = new LogRotator({
      runtime: { listContainers: async () => [], containerStatus: async () => ({}) as never, reopenContainerLog: async () => { throw new Error('gone'); } },
      maxSizeBytes: 100,
    });
    await assert.rejects(rot.rotateIfNeeded('c', log), /gone/);
    assert.deepEqual(readdirSync(dir), ['0.log']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
