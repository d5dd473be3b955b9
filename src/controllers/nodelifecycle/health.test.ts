import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NodeHealthTracker, unknownConditions } from './health.js';
import type { Node } from './node-taints.js';

function node(heartbeat?: string, created = '2024-01-01T00:00:00Z'): Node {
  const conditions = heartbeat ? [{ type: 'Ready', status: 'True', lastHeartbeatTime: heartbeat, lastTransitionTime: '2024-01-01T00:00:00Z' }] : [];
  return { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1', creationTimestamp: created }, status: { conditions } };
}

test('a node goes stale once neither heartbeat nor lease moved for the grace period (controller clock)', () => {
  let now = 1_000_000;
  const t = new NodeHealthTracker({ gracePeriodMs: 100, startupGracePeriodMs: 1000, now: () => now });
  assert.equal(t.observe(node('2000-01-01T00:00:00Z'), undefined).stale, false, 'first sight starts the clock now, however old the heartbeat');
  now += 50;
  assert.equal(t.observe(node('2000-01-01T00:00:00Z'), '2024-01-01T00:00:01.000000Z').stale, false);
  now += 90;
  assert.equal(t.observe(node('2000-01-01T00:00:00Z'), '2024-01-01T00:00:01.000000Z').stale, false, 'lease renewal reset the clock');
  now += 20;
  assert.equal(t.observe(node('2000-01-01T00:00:00Z'), '2024-01-01T00:00:01.000000Z').stale, true);
  assert.equal(t.observe(node('2000-01-01T00:00:05Z'), '2024-01-01T00:00:01.000000Z').stale, false, 'a new Ready heartbeat counts');
  now += 101;
  assert.equal(t.observe(node('2000-01-01T00:00:05Z'), '2024-01-01T00:00:00.000000Z').stale, true, 'an older lease is no renewal');
});

test('a node that never posted Ready is measured from its creation with the startup grace', () => {
  const created = Date.parse('2024-01-01T00:00:00Z');
  let now = created + 500;
  const t = new NodeHealthTracker({ gracePeriodMs: 100, startupGracePeriodMs: 1000, now: () => now });
  const r = t.observe(node(undefined), undefined);
  assert.deepEqual(r, { stale: false, gracePeriodMs: 1000 });
  now = created + 1001;
  assert.equal(t.observe(node(undefined), undefined).stale, true);
});

test('unknownConditions marks Ready and pressure conditions Unknown, adding missing ones', () => {
  const n = node('2024-01-01T00:00:10Z');
  n.status!.conditions!.push({ type: 'MemoryPressure', status: 'False', reason: 'KubeletHasSufficientMemory' });
  const now = Date.parse('2024-01-01T00:01:00Z');
  const { conditions, changed } = unknownConditions(n, now);
  assert.equal(changed, true);
  const ready = conditions.find((c) => c.type === 'Ready')!;
  assert.deepEqual(ready, {
    type: 'Ready',
    status: 'Unknown',
    reason: 'NodeStatusUnknown',
    message: 'Kubelet stopped posting node status.',
    lastHeartbeatTime: '2024-01-01T00:00:10Z',
    lastTransitionTime: '2024-01-01T00:01:00Z',
  });
  assert.equal(conditions.find((c) => c.type === 'MemoryPressure')!.status, 'Unknown');
  const disk = conditions.find((c) => c.type === 'DiskPressure')!;
  assert.equal(disk.reason, 'NodeStatusNeverUpdated');
  assert.equal(disk.message, 'Kubelet never posted node status.');
  assert.equal(unknownConditions({ ...n, status: { conditions } }, now).changed, false);
});
