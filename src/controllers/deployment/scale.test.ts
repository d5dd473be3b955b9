import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { SyncEnv } from './env.js';
import { cleanupDeployment, findActiveOrLatest, scale } from './scale.js';
import { deployment, REPLICASETS, ServerLikeFake } from './testutil.js';
import type { Deployment, ReplicaSet } from './types.js';

function env(client: ServerLikeFake, events: string[]): SyncEnv {
  return {
    client,
    recorder: { event: (_ref, _type, _reason, message) => void events.push(message) },
    now: () => new Date(),
    enqueueAfter: () => {},
    enqueueRateLimited: () => {},
  };
}

async function mkRS(client: ServerLikeFake, name: string, replicas: number, annotations: Record<string, string>, created: string): Promise<ReplicaSet> {
  return client.create<ReplicaSet>(REPLICASETS, 'default', {
    metadata: { name, namespace: 'default', annotations, creationTimestamp: created },
    spec: { replicas },
    status: { replicas, availableReplicas: replicas, observedGeneration: 1 },
  });
}

const sizes = (client: ServerLikeFake) => Object.fromEntries(client.objects<ReplicaSet>(REPLICASETS).map((r) => [r.metadata!.name, r.spec.replicas]));

test('scaling mid-rollout spreads the change proportionally (larger sets first)', async () => {
  const client = new ServerLikeFake();
  const events: string[] = [];
  const ann = { 'deployment.kubernetes.io/desired-replicas': '10', 'deployment.kubernetes.io/max-replicas': '13' };
  const old = await mkRS(client, 'old', 8, ann, '2024-01-01T00:00:00Z');
  const fresh = await mkRS(client, 'new', 5, ann, '2024-01-02T00:00:00Z');
  const d: Deployment = deployment('x', { replicas: 20, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 3, maxUnavailable: 2 } } });
  await scale(env(client, events), d, fresh, [old]);
  // 23 allowed, 13 present: old 8*23/13 = 14.15 → 14, new 5*23/13 = 8.85 → 9.
  assert.deepEqual(sizes(client), { old: 14, new: 9 });
  assert.deepEqual(events, ['Scaled up replica set old to 14 from 8', 'Scaled up replica set new to 9 from 5']);
  const after = client.objects<ReplicaSet>(REPLICASETS).map((r) => r.metadata!.annotations!['deployment.kubernetes.io/max-replicas']);
  assert.deepEqual(after, ['23', '23']);

  // And back down to 5: allowed 8, present 23 → remove 15, older sets first among equals.
  const [o2, n2] = client.objects<ReplicaSet>(REPLICASETS).sort((a, b) => String(a.metadata!.creationTimestamp).localeCompare(String(b.metadata!.creationTimestamp)));
  events.length = 0;
  await scale(env(client, events), { ...d, spec: { ...d.spec, replicas: 5 } }, n2, [o2!]);
  const total = Object.values(sizes(client)).reduce<number>((a, b) => a + Number(b ?? 0), 0);
  assert.equal(total, 8);
  assert.ok(events.every((e) => e.startsWith('Scaled down replica set')), events.join('\n'));
});

test('a single active replica set is scaled to the full count; all inactive → the newest', async () => {
  const client = new ServerLikeFake();
  const events: string[] = [];
  const a = await mkRS(client, 'a', 0, {}, '2024-01-01T00:00:00Z');
  const b = await mkRS(client, 'b', 0, {}, '2024-01-02T00:00:00Z');
  assert.equal(findActiveOrLatest(undefined, [a, b])?.metadata?.name, 'b');
  await scale(env(client, events), deployment('x', { replicas: 2 }), undefined, [a, b]);
  assert.deepEqual(sizes(client), { a: 0, b: 2 });
  assert.deepEqual(events, ['Scaled up replica set b to 2 from 0']);
});

test('cleanup keeps revisionHistoryLimit old sets and never deletes one with replicas', async () => {
  const client = new ServerLikeFake();
  const rev = (n: number) => ({ 'deployment.kubernetes.io/revision': String(n) });
  const olds = [
    await mkRS(client, 'r1', 0, rev(1), '2024-01-01T00:00:00Z'),
    await mkRS(client, 'r2', 1, rev(2), '2024-01-02T00:00:00Z'),
    await mkRS(client, 'r3', 0, rev(3), '2024-01-03T00:00:00Z'),
    await mkRS(client, 'r4', 0, rev(4), '2024-01-04T00:00:00Z'),
  ];
  await cleanupDeployment(env(client, []), olds, deployment('x', { revisionHistoryLimit: 1 }));
  assert.deepEqual(Object.keys(sizes(client)).sort(), ['r2', 'r4']);
});

test('cleanup skips a replica set whose spec change the ReplicaSet controller has not observed', async () => {
  const client = new ServerLikeFake();
  const r1 = await mkRS(client, 'r1', 0, { 'deployment.kubernetes.io/revision': '1' }, '2024-01-01T00:00:00Z');
  const r2 = await mkRS(client, 'r2', 0, { 'deployment.kubernetes.io/revision': '2' }, '2024-01-02T00:00:00Z');
  r1.metadata!.generation = 2;
  await cleanupDeployment(env(client, []), [r1, r2], deployment('x', { revisionHistoryLimit: 0 }));
  assert.deepEqual(Object.keys(sizes(client)), ['r1']);
});
