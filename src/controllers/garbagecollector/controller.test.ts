import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../apiserver/types.js';
import { PODS, CONFIGMAPS } from '../../client/gvr.js';
import { ownerReferences } from '../controller-ref.js';
import { harness, until } from '../testing.js';
import { createGarbageCollector, GarbageCollector } from './controller.js';
import { CRDS } from './crd-monitors.js';
import { GcFakeClient } from './fake-api.js';
import { BUILTIN_RESOURCES } from './resources.js';

const RS = { group: 'apps', version: 'v1', resource: 'replicasets' };

function ref(owner: KubeObject, kind = 'ReplicaSet', apiVersion = 'apps/v1', block = true) {
  return { apiVersion, kind, name: String(owner.metadata!.name), uid: String(owner.metadata!.uid), controller: true, blockOwnerDeletion: block };
}

async function setup(client: GcFakeClient, pods = 2): Promise<KubeObject> {
  const rs = await client.create(RS, 'ns', { metadata: { name: 'rs' }, spec: {} });
  for (let i = 0; i < pods; i++) await client.create(PODS, 'ns', { metadata: { name: `p${i}`, ownerReferences: [ref(rs)] }, spec: {} });
  return rs;
}

const names = (c: GcFakeClient, gvr = PODS): string[] => c.objects(gvr).map((o) => String(o.metadata!.name)).sort();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('background: deleting the owner deletes its dependents; a dependent with another live owner only loses the reference', async () => {
  const client = new GcFakeClient();
  const h = harness({}, client);
  const rs = await setup(client);
  const cm: KubeObject = await h.client.create(CONFIGMAPS, 'ns', { metadata: { name: 'keeper' } });
  await h.client.create(PODS, 'ns', { metadata: { name: 'shared', ownerReferences: [ref(rs), ref(cm, 'ConfigMap', 'v1', false)] }, spec: {} });
  await h.run(createGarbageCollector);
  try {
    await sleep(50);
    assert.deepEqual(names(h.client as GcFakeClient), ['p0', 'p1', 'shared'], 'nothing is collected while owners live');
    await client.delete(RS, 'ns', 'rs', { propagationPolicy: 'Background' });
    await until(() => names(h.client as GcFakeClient).join() === 'shared', 3000, 'dependents deleted');
    const shared = await until(async () => {
      const p = await h.client.get(PODS, 'ns', 'shared');
      return p.metadata?.ownerReferences?.length === 1 ? p : undefined;
    });
    assert.equal(ownerReferences(shared)[0]!.uid, cm.metadata!.uid);
  } finally {
    await h.stop();
  }
});

test('dependents of an owner that no longer exists (absent or replaced by a new uid) are deleted at start', async () => {
  const h = harness({}, new GcFakeClient());
  const rs = await h.client.create(RS, 'ns', { metadata: { name: 'rs' }, spec: {} });
  const ghost = { metadata: { name: 'rs', uid: 'old-uid' } };
  await h.client.create(PODS, 'ns', { metadata: { name: 'stale', ownerReferences: [ref(ghost)] }, spec: {} });
  await h.client.create(PODS, 'ns', { metadata: { name: 'gone', ownerReferences: [ref({ metadata: { name: 'nope', uid: 'x' } })] }, spec: {} });
  await h.client.create(PODS, 'ns', { metadata: { name: 'live', ownerReferences: [ref(rs)] }, spec: {} });
  await h.run(createGarbageCollector);
  try {
    await until(() => names(h.client as GcFakeClient).join() === 'live', 3000, 'orphans of missing owners deleted');
  } finally {
    await h.stop();
  }
});

test('an owner the collector has not observed is checked live and its dependents are kept', async () => {
  const h = harness({}, new GcFakeClient());
  await setup(h.client as GcFakeClient, 1);
  // No replicaset monitor: the owner only ever exists as a virtual node.
  const gc = await h.run((ctx) => new GarbageCollector(ctx, BUILTIN_RESOURCES.filter((r) => r.kind !== 'ReplicaSet')));
  try {
    const rsUid = (h.client as GcFakeClient).objects(RS)[0]!.metadata!.uid!;
    await until(() => h.client.actions.some((a) => a.verb === 'get' && a.resource === 'replicasets'), 3000, 'live owner lookup');
    await sleep(100);
    assert.deepEqual(names(h.client as GcFakeClient), ['p0']);
    assert.ok((gc as GarbageCollector).builder.graph.get(rsUid), 'virtual owner stays in the graph');
    assert.equal(h.client.actions.filter((a) => a.verb === 'delete').length, 0);
  } finally {
    await h.stop();
  }
});

test('foreground: the owner waits for blocking dependents, then loses its finalizer and goes', async () => {
  const client = new GcFakeClient();
  const h = harness({}, client);
  const rs = await setup(client, 1);
  await client.create(PODS, 'ns', { metadata: { name: 'held', finalizers: ['test/hold'], ownerReferences: [ref(rs)] }, spec: {} });
  await h.run(createGarbageCollector);
  try {
    await client.delete(RS, 'ns', 'rs', { propagationPolicy: 'Foreground' });
    await until(async () => (await client.get(PODS, 'ns', 'held')).metadata?.deletionTimestamp, 3000, 'held pod marked');
    await until(() => names(client).join() === 'held', 3000, 'unheld dependent deleted');
    await sleep(100);
    const owner = await client.get(RS, 'ns', 'rs');
    assert.deepEqual(owner.metadata?.finalizers, ['foregroundDeletion'], 'owner waits for the blocking dependent');
    await client.patch(PODS, 'ns', 'held', 'merge', { metadata: { finalizers: null } });
    await until(() => client.objects(RS).length === 0, 3000, 'owner deleted');
    assert.deepEqual(names(client), []);
  } finally {
    await h.stop();
  }
});

test('foreground: a non-blocking dependent does not hold the owner', async () => {
  const client = new GcFakeClient();
  const h = harness({}, client);
  const rs = await client.create(RS, 'ns', { metadata: { name: 'rs' }, spec: {} });
  await client.create(PODS, 'ns', { metadata: { name: 'free', finalizers: ['test/hold'], ownerReferences: [ref(rs, 'ReplicaSet', 'apps/v1', false)] }, spec: {} });
  await h.run(createGarbageCollector);
  try {
    await client.delete(RS, 'ns', 'rs', { propagationPolicy: 'Foreground' });
    await until(() => client.objects(RS).length === 0, 3000, 'owner deleted without waiting');
    assert.ok((await client.get(PODS, 'ns', 'free')).metadata?.deletionTimestamp, 'the dependent is still being deleted');
  } finally {
    await h.stop();
  }
});

test('orphan: dependents lose the owner reference and stay; the owner goes', async () => {
  const client = new GcFakeClient();
  const h = harness({}, client);
  await setup(client, 2);
  await h.run(createGarbageCollector);
  try {
    await client.delete(RS, 'ns', 'rs', { propagationPolicy: 'Orphan' });
    await until(() => client.objects(RS).length === 0, 3000, 'owner deleted');
    const pods = client.objects(PODS);
    assert.equal(pods.length, 2);
    for (const p of pods) assert.equal(p.metadata?.ownerReferences, undefined);
  } finally {
    await h.stop();
  }
});

test('custom resources found through CRDs are owners too', async () => {
  const client = new GcFakeClient();
  const h = harness({}, client);
  const WIDGETS = { group: 'example.com', version: 'v1', resource: 'widgets' };
  await client.create(CRDS, '', {
    metadata: { name: 'widgets.example.com' },
    spec: { group: 'example.com', scope: 'Namespaced', names: { plural: 'widgets', kind: 'Widget' }, versions: [{ name: 'v1', served: true, storage: true }] },
    status: { conditions: [{ type: 'Established', status: 'True' }] },
  });
  const w: KubeObject = await client.create(WIDGETS, 'ns', { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } });
  await client.create(CONFIGMAPS, 'ns', { metadata: { name: 'child', ownerReferences: [ref(w, 'Widget', 'example.com/v1')] } });
  const gc = (await h.run(createGarbageCollector)) as GarbageCollector;
  try {
    await until(() => gc.crds.resources().includes('widgets.example.com'), 3000, 'widget monitor');
    await until(() => gc.builder.graph.get(String(w.metadata!.uid))?.observed === true, 3000, 'widget observed');
    await sleep(50);
    assert.equal(client.objects(CONFIGMAPS).length, 1);
    await client.delete(WIDGETS, 'ns', 'w');
    await until(() => client.objects(CONFIGMAPS).length === 0, 3000, 'child of the custom resource deleted');
  } finally {
    await h.stop();
  }
});
