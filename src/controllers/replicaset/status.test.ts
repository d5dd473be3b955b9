import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ReplicaOwner } from './kinds.js';
import type { Pod } from './pods.js';
import { calculateStatus, REPLICA_FAILURE, statusCurrent } from './status.js';

const NOW = Date.parse('2024-01-01T12:00:00Z');

function owner(minReadySeconds = 0): ReplicaOwner {
  return {
    metadata: { name: 'rs', namespace: 'ns', generation: 2 },
    spec: { replicas: 3, minReadySeconds, template: { metadata: { labels: { app: 'a', tier: 'web' } } } },
    status: { replicas: 0, observedGeneration: 1 },
  };
}

function pod(labels: Record<string, string>, readySecondsAgo?: number): Pod {
  const conditions = readySecondsAgo === undefined ? [] : [{ type: 'Ready', status: 'True', lastTransitionTime: new Date(NOW - readySecondsAgo * 1000).toISOString() }];
  return { metadata: { name: 'p', labels }, status: { phase: 'Running', conditions } };
}

test('counts replicas, fully labeled, ready and available (minReadySeconds)', () => {
  const pods = [pod({ app: 'a', tier: 'web' }, 100), pod({ app: 'a' }, 5), pod({ app: 'a', tier: 'web', x: 'y' })];
  const s = calculateStatus(owner(30), pods, undefined, NOW);
  assert.deepEqual([s.replicas, s.fullyLabeledReplicas, s.readyReplicas, s.availableReplicas], [3, 2, 2, 1]);
  const s0 = calculateStatus(owner(0), pods, undefined, NOW);
  assert.equal(s0.availableReplicas, 2);
});

test('ReplicaFailure is added on a manage error and removed after', () => {
  const o = owner();
  const failed = calculateStatus(o, [], new Error('quota exceeded'), NOW);
  const cond = failed.conditions?.find((c) => c.type === REPLICA_FAILURE);
  assert.equal(cond?.reason, 'FailedCreate');
  assert.equal(cond?.message, 'quota exceeded');
  o.status = failed;
  const healed = calculateStatus(o, [], undefined, NOW);
  assert.equal(healed.conditions, undefined);
});

test('statusCurrent compares counts, conditions and observedGeneration', () => {
  const o = owner();
  const s = calculateStatus(o, [], undefined, NOW);
  assert.equal(statusCurrent(o, s), false, 'generation 2 not yet observed');
  o.status = { ...s, observedGeneration: 2 };
  assert.equal(statusCurrent(o, s), true);
});
