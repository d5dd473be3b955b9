import { test } from 'node:test';
import assert from 'node:assert/strict';
import { claimsFor, identityMatches, inOrdinalRange, newStatefulPod, newVersionedPod, parentAndOrdinal, storageMatches } from './identity.js';
import { makeSet } from './testing.js';
import { POD_NAME_LABEL, type Pod, REVISION_LABEL } from './types.js';

test('pod names encode the parent and ordinal', () => {
  const p = (name: string): Pod => ({ metadata: { name }, spec: {} });
  assert.deepEqual(parentAndOrdinal(p('my-web-12')), { parent: 'my-web', ordinal: 12 });
  assert.deepEqual(parentAndOrdinal(p('web')), { parent: '', ordinal: -1 });
  const set = makeSet('web', { replicas: 2, ordinals: { start: 3 } });
  assert.equal(inOrdinalRange(p('web-3'), set), true);
  assert.equal(inOrdinalRange(p('web-4'), set), true);
  assert.equal(inOrdinalRange(p('web-5'), set), false);
  assert.equal(inOrdinalRange(p('web-2'), set), false);
});

test('a new pod has its identity and storage, keeping other volumes', () => {
  const set = makeSet('web');
  set.metadata.uid = 'u';
  set.spec.template.spec!.volumes = [{ name: 'cfg', configMap: { name: 'c' } }, { name: 'data', emptyDir: {} }];
  const pod = newStatefulPod(set, 1);
  assert.equal(pod.metadata.name, 'web-1');
  assert.equal(pod.metadata.namespace, 'default');
  assert.equal(pod.metadata.labels?.[POD_NAME_LABEL], 'web-1');
  assert.deepEqual(pod.spec.volumes, [{ name: 'data', persistentVolumeClaim: { claimName: 'data-web-1', readOnly: false } }, { name: 'cfg', configMap: { name: 'c' } }]);
  assert.equal(identityMatches(set, pod), true);
  assert.equal(storageMatches(set, pod), true);
  pod.metadata.labels = {};
  assert.equal(identityMatches(set, pod), false);
  assert.equal(storageMatches(makeSet('db'), pod), false);
});

test('claims merge template labels with the selector labels', () => {
  const set = makeSet('web');
  set.spec.volumeClaimTemplates![0]!.metadata.labels = { tier: 'db' };
  const c = claimsFor(set, 0).get('data')!;
  assert.equal(c.metadata.name, 'data-web-0');
  assert.deepEqual(c.metadata.labels, { tier: 'db', app: 'web' });
});

test('ordinals below the partition get the current revision', () => {
  const cur = makeSet('web', { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 2 } } });
  const upd = structuredClone(cur);
  upd.spec.template.metadata!.labels = { app: 'web', v: '2' };
  assert.equal(newVersionedPod(cur, upd, 'r1', 'r2', 1).metadata.labels?.[REVISION_LABEL], 'r1');
  assert.equal(newVersionedPod(cur, upd, 'r1', 'r2', 2).metadata.labels?.[REVISION_LABEL], 'r2');
  assert.equal(newVersionedPod(cur, upd, 'r1', 'r2', 2).metadata.labels?.v, '2');
});
