import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PODS } from '../../client/gvr.js';
import { ApiError } from '../../client/types.js';
import { harness, until } from '../testing.js';
import { ReplicaSetController } from './controller.js';
import { controllers } from './index.js';
import { REPLICA_SET_KIND, REPLICASETS, REPLICATIONCONTROLLERS, type ReplicaOwner } from './kinds.js';
import type { Pod } from './pods.js';

function rs(name: string, replicas: number, extra: Partial<NonNullable<ReplicaOwner['spec']>> = {}): ReplicaOwner {
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name, namespace: 'ns', generation: 1 },
    spec: { replicas, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image: 'i' }] } }, ...extra },
  };
}

const podsOf = (h: ReturnType<typeof harness>, app: string): Pod[] => h.client.objects<Pod>(PODS).filter((p) => p.metadata?.labels?.app === app);
const getRs = (h: ReturnType<typeof harness>, name: string): ReplicaOwner | undefined => h.client.objects<ReplicaOwner>(REPLICASETS).find((o) => o.metadata?.name === name);

test('creates pods up to spec.replicas with controller refs, events and status', async () => {
  const h = harness();
  try {
    await h.client.create(REPLICASETS, 'ns', rs('web', 3));
    await h.run(controllers.replicaset!);
    await until(() => getRs(h, 'web')?.status?.replicas === 3, 3000, 'status.replicas 3');
    const pods = podsOf(h, 'web');
    assert.equal(pods.length, 3);
    const owner = getRs(h, 'web')!;
    for (const p of pods) {
      assert.match(String(p.metadata?.name), /^web-/);
      assert.deepEqual(p.metadata?.ownerReferences?.[0], { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid: owner.metadata?.uid, controller: true, blockOwnerDeletion: true });
    }
    assert.equal(owner.status?.observedGeneration, 1);
    assert.equal(owner.status?.fullyLabeledReplicas, 3);
    assert.equal(h.events.filter((e) => e.reason === 'SuccessfulCreate' && e.component === 'replicaset-controller').length, 3);
  } finally {
    await h.stop();
  }
});

test('scales down deleting unready pods first, and ignores terminal and deleting pods', async () => {
  const h = harness();
  try {
    await h.client.create(REPLICASETS, 'ns', rs('web', 4));
    await h.run(controllers.replicaset!);
    await until(() => podsOf(h, 'web').length === 4, 3000, '4 pods');
    const [a, b, c, d] = podsOf(h, 'web');
    const readyStatus = { phase: 'Running', conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: new Date(Date.now() - 60000).toISOString() }] };
    for (const p of [a!, b!, c!]) {
      await h.client.patch(PODS, 'ns', String(p.metadata?.name), 'merge', { spec: { nodeName: 'n1' } });
      await h.client.patch(PODS, 'ns', String(p.metadata?.name), 'merge', { status: readyStatus }, { subresource: 'status' });
    }
    await until(() => getRs(h, 'web')?.status?.readyReplicas === 3, 3000, 'ready 3');
    await h.client.patch(REPLICASETS, 'ns', 'web', 'merge', { spec: { replicas: 3 } });
    await until(() => podsOf(h, 'web').length === 3, 3000, 'scaled to 3');
    assert.ok(!podsOf(h, 'web').some((p) => p.metadata?.name === d!.metadata?.name), 'the unassigned pod went first');
    assert.equal(h.events.filter((e) => e.reason === 'SuccessfulDelete').length, 1);
    // A failed pod no longer counts: a replacement is created.
    await h.client.patch(PODS, 'ns', String(a!.metadata?.name), 'merge', { status: { phase: 'Failed' } }, { subresource: 'status' });
    await until(() => podsOf(h, 'web').length === 4, 3000, 'replacement for the failed pod');
    await until(() => getRs(h, 'web')?.status?.replicas === 3, 3000, 'status counts active pods');
    // A pod being deleted (held by a finalizer) no longer counts either.
    await h.client.patch(PODS, 'ns', String(b!.metadata?.name), 'merge', { metadata: { finalizers: ['example.com/hold'] } });
    await h.client.delete(PODS, 'ns', String(b!.metadata?.name));
    await until(() => podsOf(h, 'web').length === 5, 3000, 'replacement for the deleting pod');
    await until(() => getRs(h, 'web')?.status?.replicas === 3, 3000, 'status still 3');
  } finally {
    await h.stop();
  }
});

test('adopts matching orphans and releases pods that stop matching', async () => {
  const h = harness();
  try {
    await h.client.create(PODS, 'ns', { metadata: { name: 'orphan', labels: { app: 'web' } }, spec: {} });
    await h.client.create(REPLICASETS, 'ns', rs('web', 2));
    await h.run(controllers.replicaset!);
    await until(() => getRs(h, 'web')?.status?.replicas === 2, 3000, 'status 2');
    const orphan = h.client.objects<Pod>(PODS).find((p) => p.metadata?.name === 'orphan')!;
    assert.equal(orphan.metadata?.ownerReferences?.[0]?.name, 'web');
    assert.equal(podsOf(h, 'web').length, 2, 'only one pod created');
    await h.client.patch(PODS, 'ns', 'orphan', 'merge', { metadata: { labels: { app: 'other' } } });
    await until(() => !h.client.objects<Pod>(PODS).find((p) => p.metadata?.name === 'orphan')?.metadata?.ownerReferences, 3000, 'released');
    await until(() => podsOf(h, 'web').length === 2, 3000, 'replacement');
  } finally {
    await h.stop();
  }
});

test('create errors set ReplicaFailure and FailedCreate; recovery clears it', async () => {
  const h = harness();
  let fail = true;
  h.client.prependReactor((a) => {
    if (fail && a.verb === 'create' && a.resource === 'pods') throw new ApiError(403, 'Forbidden', 'pods "web-x" is forbidden: exceeded quota');
    return undefined;
  });
  try {
    await h.client.create(REPLICASETS, 'ns', rs('web', 2));
    await h.run(controllers.replicaset!);
    await until(() => getRs(h, 'web')?.status?.conditions?.some((c) => c.type === 'ReplicaFailure' && c.reason === 'FailedCreate'), 3000, 'ReplicaFailure');
    assert.ok(h.events.some((e) => e.reason === 'FailedCreate'));
    fail = false;
    await until(() => getRs(h, 'web')?.status?.replicas === 2 && !getRs(h, 'web')?.status?.conditions, 5000, 'recovered');
  } finally {
    await h.stop();
  }
});

test('a small burst never over-creates', async () => {
  const h = harness();
  try {
    await h.client.create(REPLICASETS, 'ns', rs('big', 25));
    await h.run((ctx) => new ReplicaSetController(ctx, REPLICA_SET_KIND, { burst: 4 }));
    await until(() => getRs(h, 'big')?.status?.replicas === 25, 5000, '25 replicas');
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(podsOf(h, 'big').length, 25);
  } finally {
    await h.stop();
  }
});

test('ReplicationController: map selector, events from replication-controller', async () => {
  const h = harness();
  try {
    await h.client.create(REPLICATIONCONTROLLERS, 'ns', {
      apiVersion: 'v1',
      kind: 'ReplicationController',
      metadata: { name: 'rc', namespace: 'ns', generation: 1 },
      spec: { replicas: 2, selector: { app: 'rc' }, template: { metadata: { labels: { app: 'rc' } }, spec: {} } },
    });
    await h.run(controllers.replicationcontroller!);
    await until(() => h.client.objects<ReplicaOwner>(REPLICATIONCONTROLLERS)[0]?.status?.replicas === 2, 3000, 'rc status');
    const pods = podsOf(h, 'rc');
    assert.equal(pods.length, 2);
    assert.equal(pods[0]!.metadata?.ownerReferences?.[0]?.kind, 'ReplicationController');
    assert.ok(h.events.some((e) => e.component === 'replication-controller' && e.reason === 'SuccessfulCreate'));
  } finally {
    await h.stop();
  }
});
