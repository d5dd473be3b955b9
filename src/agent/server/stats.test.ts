import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Container, RuntimeService } from '../../cri/types.js';
import { CounterRates, nodeUsage, parseMeminfo, StatsProvider } from './stats.js';
import { startAgentServer } from './index.js';

function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'skiff-stats-'));
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(join(dir, rel, '..'), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
  return dir;
}

test('counter rates: nanocores from two samples, reset on counter wrap', () => {
  const r = new CounterRates(100);
  assert.equal(r.sample('a', 0, 0), undefined);
  assert.equal(r.sample('a', 1000, 500_000_000), 500_000_000); // half a core over 1 s
  assert.equal(r.sample('a', 1050, 600_000_000), 500_000_000); // too soon: last rate
  assert.equal(r.sample('a', 2000, 500_000_000 + 250_000_000), 250_000_000);
  assert.equal(r.sample('a', 3000, 10), undefined);
});

test('node usage on v1/hybrid hosts: cpuacct.usage and memory usage minus inactive file', async () => {
  const root = tree({
    'cpuacct/cpuacct.usage': '123456789\n',
    'memory/memory.usage_in_bytes': '1000000\n',
    'memory/memory.stat': 'cache 10\ntotal_inactive_file 300000\n',
  });
  try {
    assert.deepEqual(await nodeUsage('hybrid', root, join(root, 'proc')), { cpuNs: 123456789, workingSetBytes: 700000 });
    assert.deepEqual(await nodeUsage('v1', root, join(root, 'proc')), { cpuNs: 123456789, workingSetBytes: 700000 });
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('node usage on v2 hosts: cpu.stat usage_usec and /proc/meminfo', async () => {
  const root = tree({
    'cpu.stat': 'usage_usec 2000\nuser_usec 1500\n',
    'proc/meminfo': 'MemTotal:       1000 kB\nMemFree:         200 kB\nInactive(file):  100 kB\n',
  });
  try {
    assert.deepEqual(await nodeUsage('v2', root, join(root, 'proc')), { cpuNs: 2_000_000, workingSetBytes: 700 * 1024 });
    assert.equal(parseMeminfo('MemTotal: 4 kB\n').get('MemTotal'), 4096);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

function fakeRuntime(usage: Map<string, number>): RuntimeService {
  const c = (id: string, pod: string, name: string): Container => ({
    id, podSandboxId: `sb-${pod}`, metadata: { name, attempt: 0 }, image: { image: 'x' }, imageRef: 'x', state: 'CONTAINER_RUNNING', createdAt: 1,
    labels: { 'io.kubernetes.pod.name': pod, 'io.kubernetes.pod.namespace': 'default', 'io.kubernetes.pod.uid': `uid-${pod}`, 'io.kubernetes.container.name': name },
    annotations: {},
  });
  const list = [c('c1', 'web', 'app'), c('c2', 'web', 'sidecar'), c('c3', 'db', 'main'), { ...c('c4', 'db', 'old'), state: 'CONTAINER_EXITED' as const }];
  return {
    listContainers: async () => list,
    containerStats: async (id: string) => ({ containerId: id, timestamp: 0, cpuUsageCoreNanoSeconds: usage.get(id) ?? 0, memoryWorkingSetBytes: 1000 }),
  } as unknown as RuntimeService;
}

test('summary: per-container and per-pod nanocores and working set, served at /stats/summary', async () => {
  const usage = new Map([['c1', 0], ['c2', 0], ['c3', 0]]);
  const root = tree({ 'cpuacct/cpuacct.usage': '0\n', 'memory/memory.usage_in_bytes': '5000\n', 'memory/memory.stat': 'total_inactive_file 1000\n' });
  let t = 10_000;
  const stats = new StatsProvider({ runtime: fakeRuntime(usage), cgroupMode: 'v1', cgroupRoot: root, now: () => t, firstWindowMs: 1, nodeName: 'n1' });
  const server = await startAgentServer({ runtime: fakeRuntime(usage), stats });
  try {
    await stats.summary(); // first samples
    t += 2000;
    usage.set('c1', 1_000_000_000); // 0.5 core over 2 s
    usage.set('c2', 200_000_000); // 0.1 core
    usage.set('c3', 2_000_000_000); // 1 core
    writeFileSync(join(root, 'cpuacct/cpuacct.usage'), '4000000000\n'); // 2 cores
    const res = await fetch(`http://127.0.0.1:${server.port}/stats/summary`);
    assert.equal(res.status, 200);
    const s = (await res.json()) as Awaited<ReturnType<StatsProvider['summary']>>;
    assert.equal(s.node.nodeName, 'n1');
    assert.equal(s.node.cpu.usageNanoCores, 2_000_000_000);
    assert.equal(s.node.memory.workingSetBytes, 4000);
    const web = s.pods.find((p) => p.podRef.name === 'web')!;
    assert.deepEqual(web.podRef, { name: 'web', namespace: 'default', uid: 'uid-web' });
    assert.deepEqual(web.containers.map((c) => [c.name, c.cpu.usageNanoCores, c.memory.workingSetBytes]), [['app', 500_000_000, 1000], ['sidecar', 100_000_000, 1000]]);
    assert.equal(web.cpu.usageNanoCores, 600_000_000);
    assert.equal(web.memory.workingSetBytes, 2000);
    const db = s.pods.find((p) => p.podRef.name === 'db')!;
    assert.deepEqual(db.containers.map((c) => c.name), ['main']);
    assert.equal(db.cpu.usageNanoCores, 1_000_000_000);
    assert.equal((await fetch(`http://127.0.0.1:${server.port}/stats/summary`, { method: 'POST' })).status, 405);
  } finally {
    await server.close();
    rmSync(root, { recursive: true, force: true });
  }
});
