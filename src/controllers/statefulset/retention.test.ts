import { test } from 'node:test';
import assert from 'node:assert/strict';
import { until } from '../testing.js';
import { claimOwnerUpToDate, claimRefsForPolicy, retentionPolicy } from './retention.js';
import { type Claim, type Pod, PVCS, STATEFULSETS } from './types.js';
import { makeSet, NS, startSetHarness } from './testing.js';

const pod = (name: string, uid: string): Pod => ({ metadata: { name, namespace: NS, uid }, spec: {} });
const claim = (refs: Claim['metadata']['ownerReferences'] = []): Claim => ({ metadata: { name: 'data-web-0', namespace: NS, ownerReferences: refs } });

test('retention policy defaults to Retain/Retain', () => {
  assert.deepEqual(retentionPolicy(makeSet('web', { persistentVolumeClaimRetentionPolicy: undefined })), { whenDeleted: 'Retain', whenScaled: 'Retain' });
});

test('claim refs follow the policy and the pod being in range', () => {
  const set = makeSet('web', { replicas: 1, persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Delete', whenScaled: 'Delete' } });
  set.metadata.uid = 'set-uid';
  const inRange = pod('web-0', 'p0');
  const refs = claimRefsForPolicy(claim(), set, inRange);
  assert.deepEqual(refs.map((r) => [r.kind, r.uid, r.controller]), [['StatefulSet', 'set-uid', true]]);
  assert.equal(claimOwnerUpToDate(claim(refs), set, inRange), true);
  assert.equal(claimOwnerUpToDate(claim(), set, inRange), false);
  const scaled = pod('web-3', 'p3');
  assert.deepEqual(claimRefsForPolicy(claim(refs), set, scaled).map((r) => [r.kind, r.uid]), [['Pod', 'p3']]);
  // Another controller's claim is left alone; a stale ref (same pod name, other UID) too.
  const foreign = claim([{ apiVersion: 'v1', kind: 'Thing', name: 'x', uid: 'x', controller: true }]);
  assert.equal(claimOwnerUpToDate(foreign, set, inRange), true);
  const stale = claim([{ apiVersion: 'v1', kind: 'Pod', name: 'web-0', uid: 'old', controller: true }]);
  assert.equal(claimOwnerUpToDate(stale, set, inRange), true);
  // Retain/Retain wants no refs from us.
  const retain = makeSet('web');
  retain.metadata.uid = 'set-uid';
  assert.equal(claimOwnerUpToDate(claim(refs), retain, inRange), false);
  assert.deepEqual(claimRefsForPolicy(claim(refs), retain, inRange), []);
});

test('whenDeleted=Delete puts a controller reference to the set on each claim', async () => {
  const h = await startSetHarness();
  try {
    h.autoReady();
    const created = await h.client.create(STATEFULSETS, NS, makeSet('web', { replicas: 2, persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Delete', whenScaled: 'Retain' } }));
    await until(() => h.claims().length === 2 && h.claims().every((c) => c.metadata.ownerReferences?.length === 1), 3000, 'claims owned by the set');
    for (const c of h.claims()) {
      const ref = c.metadata.ownerReferences![0]!;
      assert.deepEqual([ref.kind, ref.name, ref.uid, ref.controller], ['StatefulSet', 'web', created.metadata?.uid, true]);
    }
  } finally {
    await h.stop();
  }
});

test('whenScaled=Delete hands scaled-away claims to their pod, and a stale claim blocks re-creation', async () => {
  const h = await startSetHarness();
  try {
    h.autoReady();
    await h.client.create(STATEFULSETS, NS, makeSet('web', { replicas: 2, persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Delete' } }));
    await until(() => h.pods().filter((p) => p.status?.phase === 'Running').length === 2, 3000, 'two pods');
    const web1 = h.pods().find((p) => p.metadata.name === 'web-1')!;
    await h.updateSpec('web', (s) => (s.spec.replicas = 1));
    await until(() => h.podNames().length === 1, 3000, 'scaled down');
    const c1 = h.claims().find((c) => c.metadata.name === 'data-web-1')!;
    assert.deepEqual(c1.metadata.ownerReferences?.map((r) => [r.kind, r.name, r.uid]), [['Pod', 'web-1', web1.metadata.uid]]);
    assert.equal(h.claims().find((c) => c.metadata.name === 'data-web-0')!.metadata.ownerReferences, undefined);

    await h.updateSpec('web', (s) => (s.spec.replicas = 2));
    await new Promise((r) => setTimeout(r, 150));
    assert.deepEqual(h.podNames(), ['web-0'], 'the stale claim blocks web-1');
    await h.client.delete(PVCS, NS, 'data-web-1'); // what the garbage collector would do
    await until(() => h.podNames().length === 2, 3000, 'web-1 recreated');
    await until(() => h.claims().some((c) => c.metadata.name === 'data-web-1'), 3000, 'fresh claim');
  } finally {
    await h.stop();
  }
});
