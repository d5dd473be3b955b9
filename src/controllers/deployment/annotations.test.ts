import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isSaturated, maxRevision, setNewReplicaSetAnnotations } from './annotations.js';
import { deployment } from './testutil.js';
import type { ReplicaSet } from './types.js';

const rs = (annotations?: Record<string, string>): ReplicaSet => ({ metadata: { name: 'r', annotations }, spec: { replicas: 3 } });

test('a replica set about to be created gets the revision, copied annotations and replica annotations', () => {
  const d = deployment('x', { replicas: 3 }, { annotations: { 'kubernetes.io/change-cause': 'v2', 'deployment.kubernetes.io/revision': '7', 'kubectl.kubernetes.io/last-applied-configuration': '{}' } });
  const r = rs();
  assert.equal(setNewReplicaSetAnnotations(d, r, 4, false), true);
  assert.deepEqual(r.metadata?.annotations, {
    'kubernetes.io/change-cause': 'v2',
    'deployment.kubernetes.io/revision': '4',
    'deployment.kubernetes.io/desired-replicas': '3',
    'deployment.kubernetes.io/max-replicas': '4',
  });
});

test('an old replica set brought back gets the next revision and remembers its old ones', () => {
  const d = deployment('x');
  const r = rs({ 'deployment.kubernetes.io/revision': '1' });
  assert.equal(setNewReplicaSetAnnotations(d, r, 3, true), true);
  assert.equal(r.metadata?.annotations?.['deployment.kubernetes.io/revision'], '3');
  assert.equal(r.metadata?.annotations?.['deployment.kubernetes.io/revision-history'], '1');
  setNewReplicaSetAnnotations(d, r, 5, true);
  assert.equal(r.metadata?.annotations?.['deployment.kubernetes.io/revision-history'], '1,3');
  // A newer revision is never lowered, and an existing set does not get replica annotations here.
  assert.equal(setNewReplicaSetAnnotations(d, r, 2, true), false);
  assert.equal(r.metadata?.annotations?.['deployment.kubernetes.io/revision'], '5');
  assert.equal(r.metadata?.annotations?.['deployment.kubernetes.io/desired-replicas'], undefined);
});

test('maxRevision skips unparsable revisions; saturation needs spec, annotation and availability', () => {
  assert.equal(maxRevision([rs({ 'deployment.kubernetes.io/revision': '4' }), rs({ 'deployment.kubernetes.io/revision': 'x' }), rs()]), 4);
  const d = deployment('x', { replicas: 3 });
  const r = rs({ 'deployment.kubernetes.io/desired-replicas': '3' });
  assert.equal(isSaturated(d, r), false);
  r.status = { availableReplicas: 3 };
  assert.equal(isSaturated(d, r), true);
  r.metadata!.annotations!['deployment.kubernetes.io/desired-replicas'] = '2';
  assert.equal(isSaturated(d, r), false);
});
