import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deploymentTimedOut, newCondition, setCondition } from './conditions.js';
import type { SyncEnv } from './env.js';
import { calculateStatus, requeueStuckDeployment } from './status.js';
import { deployment } from './testutil.js';
import type { DeploymentStatus, ReplicaSet } from './types.js';

const rs = (replicas: number, available: number, ready = available): ReplicaSet => ({ metadata: { name: 'r' }, spec: { replicas }, status: { replicas, readyReplicas: ready, availableReplicas: available } });

test('status counts come from the replica sets; Available follows maxUnavailable', () => {
  const d = deployment('x', { replicas: 4 }, { generation: 3 });
  d.status = { collisionCount: 2 };
  const newRS = rs(2, 1, 2);
  const s = calculateStatus([rs(3, 3), newRS, undefined], newRS, d, new Date(0));
  assert.deepEqual({ ...s, conditions: undefined }, {
    observedGeneration: 3,
    replicas: 5,
    updatedReplicas: 2,
    readyReplicas: 5,
    availableReplicas: 4,
    unavailableReplicas: 1,
    collisionCount: 2,
    conditions: undefined,
  });
  assert.equal(s.conditions?.[0]?.reason, 'MinimumReplicasAvailable');
  const low = calculateStatus([rs(4, 2)], undefined, d, new Date(0));
  assert.equal(low.conditions?.[0]?.status, 'False');
  assert.equal(low.conditions?.[0]?.message, 'Deployment does not have minimum availability.');
});

test('setCondition keeps lastTransitionTime while the status stays the same', () => {
  const s: DeploymentStatus = {};
  setCondition(s, newCondition('Progressing', 'True', 'NewReplicaSetCreated', 'a', new Date(1000_000)));
  setCondition(s, newCondition('Progressing', 'True', 'ReplicaSetUpdated', 'b', new Date(2000_000)));
  assert.equal(s.conditions?.[0]?.lastTransitionTime, '1970-01-01T00:16:40Z');
  assert.equal(s.conditions?.[0]?.lastUpdateTime, '1970-01-01T00:33:20Z');
  setCondition(s, newCondition('Progressing', 'True', 'ReplicaSetUpdated', 'c', new Date(3000_000)));
  assert.equal(s.conditions?.[0]?.message, 'b', 'same status and reason: unchanged');
});

test('a stalled rollout is re-checked when its deadline passes', () => {
  const d = deployment('x', { replicas: 2, progressDeadlineSeconds: 60 });
  d.status = { conditions: [newCondition('Progressing', 'True', 'ReplicaSetUpdated', 'm', new Date(0))] };
  const after: number[] = [];
  let rateLimited = 0;
  const env = { now: () => new Date(20_000), enqueueAfter: (_d: unknown, ms: number) => void after.push(ms), enqueueRateLimited: () => void rateLimited++ } as unknown as SyncEnv;
  assert.equal(requeueStuckDeployment(env, d, { replicas: 2, updatedReplicas: 2, availableReplicas: 1 }), 40_000);
  assert.deepEqual(after, [41_000]);
  const late = { ...env, now: () => new Date(59_500) } as SyncEnv;
  assert.equal(requeueStuckDeployment(late, d, {}), 0);
  assert.equal(rateLimited, 1);
  assert.equal(deploymentTimedOut(d, d.status, new Date(59_000)), false);
  assert.equal(deploymentTimedOut(d, d.status, new Date(61_000)), true);
});
