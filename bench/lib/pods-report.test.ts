import { test } from 'node:test';
import assert from 'node:assert/strict';
import { summarizeStartup } from './pod-startup.js';
import { podsTable, type PodsResults } from './pods-report.js';

const sample = (runningMs: number) => ({ name: 'p', createAckMs: 2, boundMs: 5, agentStatusMs: runningMs, runningMs });

test('podsTable marks each target met or missed', () => {
  const r: PodsResults = {
    single: summarizeStartup([sample(120), sample(140), sample(400)], 660),
    burst: summarizeStartup(Array.from({ length: 100 }, (_, i) => sample(100 + i * 30)), 4000),
    controlPlane: { idle: { rssMb: 80, gc: { rssMb: 70, heapMb: 14 } }, pending: { rssMb: 90 }, pendingPods: 100 },
    node: { idle: { rssMb: 150 }, running: { rssMb: 200 }, runningPods: 100, conmons: 200, conmonMb: 400 },
    floorError: 'no runc',
    cleanup: { ok: true, detail: '' },
  };
  const table = podsTable(r);
  const row = (start: string) => table.split('\n').find((l) => l.startsWith(`| ${start}`)) ?? assert.fail(`no row ${start}`);
  assert.match(row('one pod at a time'), /140 ms \/ 400 ms \/ 400 ms ✓/);
  assert.match(row('burst of 100: create'), /✗/); // p99 = 3.07 s
  assert.match(row('burst of 100: pods Running per second'), /25\.0 \(4\.00 s\) ✓/);
  assert.match(row('skiff RSS idle'), /Δ 70 MB.*✗/);
  assert.match(row('skiff RSS holding 100 pods'), /agent ≤ 160 MB.*Δ 110 MB.*✓/);
  assert.match(row('floor'), /not measured: no runc/);
  assert.match(row('everything cleaned up'), /yes/);
});
