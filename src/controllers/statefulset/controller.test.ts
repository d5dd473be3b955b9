import { test } from 'node:test';
import assert from 'node:assert/strict';
import { until } from '../testing.js';
import { CONTROLLER_REVISIONS, type ControllerRevision, POD_INDEX_LABEL, POD_NAME_LABEL, REVISION_LABEL, STATEFULSETS } from './types.js';
import { makeSet, NS, startSetHarness } from './testing.js';

test('OrderedReady creates pods one at a time, each after the previous is Running and Ready', async () => {
  const h = await startSetHarness();
  try {
    await h.client.create(STATEFULSETS, NS, makeSet('web'));
    await until(() => h.podNames().length === 1, 3000, 'web-0');
    assert.deepEqual(h.podNames(), ['web-0']);
    await new Promise((r) => setTimeout(r, 100));
    assert.deepEqual(h.podNames(), ['web-0'], 'web-1 must wait for web-0 to be ready');
    const pod = h.pods()[0]!;
    assert.equal(pod.spec.hostname, 'web-0');
    assert.equal(pod.spec.subdomain, 'nginx');
    assert.equal(pod.metadata.labels?.[POD_NAME_LABEL], 'web-0');
    assert.equal(pod.metadata.labels?.[POD_INDEX_LABEL], '0');
    assert.ok(pod.metadata.labels?.[REVISION_LABEL]);
    assert.deepEqual(pod.spec.volumes, [{ name: 'data', persistentVolumeClaim: { claimName: 'data-web-0', readOnly: false } }]);
    assert.equal(pod.metadata.ownerReferences?.[0]?.kind, 'StatefulSet');
    const claim = h.claims().find((c) => c.metadata.name === 'data-web-0');
    assert.ok(claim, 'claim created');
    assert.deepEqual(claim.metadata.labels, { app: 'web' });

    await h.setPhase('web-0', 'Running');
    await until(() => h.podNames().length === 2, 3000, 'web-1');
    await h.readyUntil(3);
    assert.deepEqual(h.podNames(), ['web-0', 'web-1', 'web-2']);
    assert.deepEqual(h.claims().map((c) => c.metadata.name).sort(), ['data-web-0', 'data-web-1', 'data-web-2']);
    const set = await until(async () => {
      const s = await h.set('web');
      return s.status?.readyReplicas === 3 ? s : undefined;
    });
    assert.equal(set.status?.replicas, 3);
    assert.equal(set.status?.currentReplicas, 3);
    assert.equal(set.status?.updatedReplicas, 3);
    assert.equal(set.status?.availableReplicas, 3);
    assert.equal(set.status?.observedGeneration, 1);
    assert.equal(set.status?.currentRevision, set.status?.updateRevision);
    assert.equal(set.status?.collisionCount, 0);
    const revs = h.client.objects<ControllerRevision>(CONTROLLER_REVISIONS);
    assert.equal(revs.length, 1);
    assert.equal(revs[0]!.metadata.name, set.status?.currentRevision);
    assert.equal(revs[0]!.revision, 1);
    assert.equal(h.pods()[0]!.metadata.labels?.[REVISION_LABEL], revs[0]!.metadata.name);

    const msgs = h.events.map((e) => `${e.reason} ${e.message}`);
    assert.ok(msgs.includes('SuccessfulCreate create Pod web-0 in StatefulSet web successful'), msgs.join('\n'));
    assert.ok(msgs.includes('SuccessfulCreate create Claim data-web-0 Pod web-0 in StatefulSet web success'), msgs.join('\n'));
    assert.ok(h.events.every((e) => e.component === 'statefulset-controller' && e.ref.kind === 'StatefulSet'));
  } finally {
    await h.stop();
  }
});

test('an unhealthy pod halts OrderedReady progress', async () => {
  const h = await startSetHarness();
  try {
    await h.client.create(STATEFULSETS, NS, makeSet('web'));
    await until(() => h.podNames().length === 1);
    await h.setPhase('web-0', 'Running');
    await until(() => h.podNames().length === 2);
    await h.setPhase('web-0', 'Running', false);
    await h.setPhase('web-1', 'Running');
    await new Promise((r) => setTimeout(r, 150));
    assert.deepEqual(h.podNames(), ['web-0', 'web-1'], 'no web-2 while web-0 is not ready');
    await h.setPhase('web-0', 'Running');
    await until(() => h.podNames().length === 3, 3000, 'web-2 after web-0 is ready again');
  } finally {
    await h.stop();
  }
});

test('Parallel creates every pod at once and honours ordinals.start', async () => {
  const h = await startSetHarness();
  try {
    await h.client.create(STATEFULSETS, NS, makeSet('db', { podManagementPolicy: 'Parallel', ordinals: { start: 5 } }));
    await until(() => h.podNames().length === 3, 3000, 'three pods');
    assert.deepEqual(h.podNames(), ['db-5', 'db-6', 'db-7']);
    assert.deepEqual(h.claims().map((c) => c.metadata.name).sort(), ['data-db-5', 'data-db-6', 'data-db-7']);
    assert.equal(h.pods().find((p) => p.metadata.name === 'db-6')?.metadata.labels?.[POD_INDEX_LABEL], '6');
  } finally {
    await h.stop();
  }
});

test('scale down removes the highest ordinal first, one at a time', async () => {
  const h = await startSetHarness();
  try {
    await h.client.create(STATEFULSETS, NS, makeSet('web'));
    await h.readyUntil(3);
    const deleted: string[] = [];
    h.client.prependReactor((a) => {
      if (a.verb === 'delete' && a.resource === 'pods') deleted.push(String(a.name));
      return undefined;
    });
    await h.updateSpec('web', (s) => (s.spec.replicas = 1));
    await until(() => h.podNames().length === 1, 3000, 'scaled to 1');
    assert.deepEqual(deleted, ['web-2', 'web-1']);
    assert.deepEqual(h.podNames(), ['web-0']);
    assert.equal(h.claims().length, 3, 'claims are retained');
    assert.ok(h.events.some((e) => e.reason === 'SuccessfulDelete' && e.message === 'delete Pod web-2 in StatefulSet web successful'));
  } finally {
    await h.stop();
  }
});

test('a failed pod is deleted and recreated with the same name and claim', async () => {
  const h = await startSetHarness();
  try {
    await h.client.create(STATEFULSETS, NS, makeSet('web', { replicas: 2 }));
    await h.readyUntil(2);
    const before = h.pods().find((p) => p.metadata.name === 'web-1')!;
    await h.setPhase('web-1', 'Failed');
    await until(() => {
      const p = h.pods().find((x) => x.metadata.name === 'web-1');
      return p && p.metadata.uid !== before.metadata.uid;
    }, 3000, 'web-1 recreated');
    const after = h.pods().find((p) => p.metadata.name === 'web-1')!;
    assert.equal(after.spec.volumes?.[0]?.persistentVolumeClaim?.claimName, 'data-web-1');
    assert.equal(h.claims().length, 2);
  } finally {
    await h.stop();
  }
});
