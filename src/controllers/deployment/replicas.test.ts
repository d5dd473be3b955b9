import { test } from 'node:test';
import assert from 'node:assert/strict';
import { equalIgnoreHash, findNewReplicaSet, maxSurge, maxUnavailable, newRSNewReplicas, resolveFenceposts, scaledValue } from './replicas.js';
import { deployment } from './testutil.js';
import type { ReplicaSet } from './types.js';

test('percentages round up for surge and down for unavailable', () => {
  assert.equal(scaledValue('25%', 10, true), 3);
  assert.equal(scaledValue('25%', 10, false), 2);
  assert.equal(scaledValue(5, 10, false), 5);
  assert.throws(() => scaledValue('5', 10, true), /not a percentage/);
  assert.deepEqual(resolveFenceposts('25%', '25%', 1), [1, 0]);
  // Both resolving to zero: unavailable becomes 1.
  assert.deepEqual(resolveFenceposts(0, '10%', 5), [0, 1]);
});

test('maxSurge/maxUnavailable per strategy; maxUnavailable capped at replicas', () => {
  const d = deployment('x', { replicas: 4, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 2, maxUnavailable: 10 } } });
  assert.equal(maxSurge(d), 2);
  assert.equal(maxUnavailable(d), 4);
  const r = deployment('x', { strategy: { type: 'Recreate' } });
  assert.equal(maxSurge(r), 0);
  assert.equal(maxUnavailable(r), 0);
  assert.equal(maxUnavailable(deployment('x', { replicas: 0 })), 0);
});

function rs(name: string, replicas: number, image: string, hash = 'h', created = '2024-01-01T00:00:00Z'): ReplicaSet {
  return {
    metadata: { name, uid: name, creationTimestamp: created },
    spec: { replicas, template: { metadata: { labels: { app: 'x', 'pod-template-hash': hash } }, spec: { containers: [{ name: 'c', image }] } } },
  };
}

test('the new replica set is the oldest one whose template equals the deployment template, hash label ignored', () => {
  const d = deployment('x', { template: { metadata: { labels: { app: 'x' } }, spec: { containers: [{ name: 'c', image: 'nginx:1' }], volumes: [] } } });
  const a = rs('a', 1, 'nginx:1', 'h1', '2024-01-02T00:00:00Z');
  const b = rs('b', 1, 'nginx:1', 'h2', '2024-01-01T00:00:00Z');
  const c = rs('c', 1, 'nginx:2');
  assert.equal(findNewReplicaSet(d, [a, b, c])?.metadata?.name, 'b');
  assert.equal(findNewReplicaSet(d, [c]), undefined);
  assert.equal(equalIgnoreHash(a.spec.template, b.spec.template), true);
});

test('newRSNewReplicas: rolling stays within desired + maxSurge; recreate goes straight to desired', () => {
  const d = deployment('x', { replicas: 10, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 3, maxUnavailable: 2 } } });
  const old = rs('old', 10, 'nginx:1');
  const fresh = rs('new', 0, 'nginx:2');
  assert.equal(newRSNewReplicas(d, [old, fresh], fresh), 3);
  fresh.spec.replicas = 3;
  assert.equal(newRSNewReplicas(d, [old, fresh], fresh), 3, 'already at 13 pods');
  old.spec.replicas = 2;
  assert.equal(newRSNewReplicas(d, [old, fresh], fresh), 10, 'never above desired');
  assert.equal(newRSNewReplicas(deployment('x', { replicas: 4, strategy: { type: 'Recreate' } }), [old, fresh], fresh), 4);
});
