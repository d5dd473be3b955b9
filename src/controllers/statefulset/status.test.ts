import { test } from 'node:test';
import assert from 'node:assert/strict';
import { until } from '../testing.js';
import { isAvailable } from './pod-state.js';
import { completeRollingUpdate, countPods, inconsistentStatus } from './status.js';
import { makeSet, NS, startSetHarness } from './testing.js';
import { type Pod, REVISION_LABEL, type StatefulSetStatus, STATEFULSETS } from './types.js';

const pod = (name: string, rev: string, phase: string, readySince?: number, deleting = false): Pod => ({
  metadata: { name, labels: { [REVISION_LABEL]: rev }, ...(deleting ? { deletionTimestamp: new Date().toISOString() } : {}) },
  spec: {},
  status: { phase, conditions: readySince === undefined ? [] : [{ type: 'Ready', status: 'True', lastTransitionTime: new Date(readySince).toISOString() }] },
});

test('counts created, ready, available, current and updated pods', () => {
  const now = Date.now();
  const pods = [pod('a-0', 'r1', 'Running', now - 60_000), pod('a-1', 'r2', 'Running', now), pod('a-2', 'r2', 'Pending'), pod('a-3', 'r1', 'Running', now - 60_000, true), { metadata: { name: 'a-4' }, spec: {} } as Pod];
  assert.deepEqual(countPods(pods, 10, 'r1', 'r2', now), { replicas: 4, readyReplicas: 3, availableReplicas: 2, currentReplicas: 1, updatedReplicas: 2 });
  assert.equal(isAvailable(pods[1]!, 10, now + 11_000), true);
});

test('a finished RollingUpdate makes the update revision current; unchanged status is not written', () => {
  const set = makeSet('a');
  const status: StatefulSetStatus = { replicas: 3, readyReplicas: 3, updatedReplicas: 3, currentReplicas: 1, currentRevision: 'r1', updateRevision: 'r2' };
  completeRollingUpdate(set, status);
  assert.equal(status.currentRevision, 'r2');
  assert.equal(status.currentReplicas, 3);
  const onDelete = makeSet('a', { updateStrategy: { type: 'OnDelete' } });
  const s2: StatefulSetStatus = { replicas: 1, readyReplicas: 1, updatedReplicas: 1, currentRevision: 'r1', updateRevision: 'r2' };
  completeRollingUpdate(onDelete, s2);
  assert.equal(s2.currentRevision, 'r1');
  set.status = { ...status, observedGeneration: 1 };
  assert.equal(inconsistentStatus(set, { ...status, observedGeneration: 1 }), false);
  assert.equal(inconsistentStatus(set, { ...status, observedGeneration: 1, readyReplicas: 2 }), true);
});

test('availableReplicas follows minReadySeconds', async () => {
  const h = await startSetHarness();
  try {
    h.autoReady();
    await h.client.create(STATEFULSETS, NS, makeSet('web', { replicas: 1, minReadySeconds: 1 }));
    const ready = await until(async () => {
      const s = await h.set('web');
      return s.status?.readyReplicas === 1 ? s : undefined;
    }, 3000, 'ready');
    assert.equal(ready.status?.availableReplicas, 0, 'not available before minReadySeconds');
    await until(async () => (await h.set('web')).status?.availableReplicas === 1, 4000, 'available after minReadySeconds');
  } finally {
    await h.stop();
  }
});
