import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { describe, it } from 'node:test';
import { volumeDir } from './paths.js';
import { activeDeadline, DEADLINE_MESSAGE, diskUsage, emptyDirOverLimit } from './pod-failures.js';
import type { Pod } from './types.js';

describe('pod failures', () => {
  it('activeDeadlineSeconds: time left, then DeadlineExceeded; nothing without a deadline or a start time', () => {
    const start = Date.parse('2026-11-22T10:00:00Z');
    const pod = { spec: { containers: [], activeDeadlineSeconds: 30 }, status: { startTime: '2026-11-22T10:00:00Z' } } as Pod;
    assert.equal(activeDeadline(pod, start + 10_000), 20_000);
    assert.deepEqual(activeDeadline(pod, start + 30_000), { reason: 'DeadlineExceeded', message: DEADLINE_MESSAGE, eventType: 'Normal' });
    assert.equal(activeDeadline({ spec: { containers: [] }, status: { startTime: '2026-11-22T10:00:00Z' } } as Pod, start), undefined);
    assert.equal(activeDeadline({ spec: { containers: [], activeDeadlineSeconds: 1 } } as Pod, start), undefined);
  });

  it('emptyDir over its sizeLimit on disk: Evicted with upstream message; Memory medium and no limit are not measured', () => {
    const dataDir = mkdtempSync(`${tmpdir()}/skiff-evict-`);
    try {
      const pod = {
        metadata: { uid: 'u1' },
        spec: { containers: [], volumes: [{ name: 'small', emptyDir: { sizeLimit: '64Ki' } }, { name: 'free', emptyDir: {} }, { name: 'ram', emptyDir: { medium: 'Memory', sizeLimit: '1Ki' } }] },
      } as Pod;
      for (const v of ['small', 'free', 'ram']) mkdirSync(volumeDir(dataDir, 'u1', 'empty-dir', v), { recursive: true });
      writeFileSync(`${volumeDir(dataDir, 'u1', 'empty-dir', 'free')}/big`, Buffer.alloc(1 << 20, 1));
      writeFileSync(`${volumeDir(dataDir, 'u1', 'empty-dir', 'ram')}/big`, Buffer.alloc(1 << 20, 1));
      assert.equal(emptyDirOverLimit(pod, dataDir), undefined);
      mkdirSync(`${volumeDir(dataDir, 'u1', 'empty-dir', 'small')}/sub`);
      writeFileSync(`${volumeDir(dataDir, 'u1', 'empty-dir', 'small')}/sub/f`, Buffer.alloc(100 << 10, 1));
      assert.ok(diskUsage(volumeDir(dataDir, 'u1', 'empty-dir', 'small')) >= 100 << 10);
      assert.deepEqual(emptyDirOverLimit(pod, dataDir), { reason: 'Evicted', message: 'Usage of EmptyDir volume "small" exceeds the limit "64Ki". ', eventType: 'Warning' });
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
