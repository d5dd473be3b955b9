import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cgroupUsage, parseFlatKeyed, workingSet } from './stats.js';

test('parses flat keyed files and computes the working set', () => {
  assert.deepEqual([...parseFlatKeyed('usage_usec 10\nuser_usec 4\n')], [['usage_usec', 10], ['user_usec', 4]]);
  assert.equal(workingSet(100, 30), 70);
  assert.equal(workingSet(10, 30), 0);
});

test('reads v1 and v2 cgroup files', async () => {
  const root = await mkdtemp(join(tmpdir(), 'skiff-cg-'));
  try {
    await mkdir(join(root, 'cpuacct/pod/c'), { recursive: true });
    await mkdir(join(root, 'memory/pod/c'), { recursive: true });
    await writeFile(join(root, 'cpuacct/pod/c/cpuacct.usage'), '123456\n');
    await writeFile(join(root, 'memory/pod/c/memory.usage_in_bytes'), '4096\n');
    await writeFile(join(root, 'memory/pod/c/memory.stat'), 'cache 0\ntotal_inactive_file 1024\n');
    await writeFile(join(root, 'memory/pod/c/memory.oom_control'), 'oom_kill_disable 0\nunder_oom 0\noom_kill 2\n');
    assert.deepEqual(await cgroupUsage('hybrid', '/pod/c', root), { cpuUsageCoreNanoSeconds: 123456, memoryWorkingSetBytes: 3072, oomKills: 2 });
    await mkdir(join(root, 'v2/pod'), { recursive: true });
    await writeFile(join(root, 'v2/pod/cpu.stat'), 'usage_usec 7\nuser_usec 5\n');
    await writeFile(join(root, 'v2/pod/memory.current'), '8192\n');
    await writeFile(join(root, 'v2/pod/memory.stat'), 'anon 1\ninactive_file 192\n');
    await writeFile(join(root, 'v2/pod/memory.events'), 'low 0\noom 1\noom_kill 1\n');
    assert.deepEqual(await cgroupUsage('v2', 'pod', join(root, 'v2')), { cpuUsageCoreNanoSeconds: 7000, memoryWorkingSetBytes: 8000, oomKills: 1 });
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});
