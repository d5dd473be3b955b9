import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubeObject } from '../../apiserver/types.js';
import { PODS } from '../../client/gvr.js';
import { harness, until } from '../testing.js';
import { controllers } from './index.js';
import { type Pdb, PDBS } from './types.js';

const RS = { group: 'apps', version: 'v1', resource: 'replicasets' };
const DEPLOY = { group: 'apps', version: 'v1', resource: 'deployments' };

async function readyPod(h: ReturnType<typeof harness>, name: string, labels: Record<string, string>, owner?: KubeObject, kind = 'ReplicaSet', ready = true): Promise<void> {
  const ownerReferences = owner ? [{ apiVersion: kind === 'Job' ? 'batch/v1' : 'apps/v1', kind, name: String(owner.metadata?.name), uid: String(owner.metadata?.uid), controller: true }] : undefined;
  await h.client.create(PODS, 'ns', { metadata: { name, labels, ownerReferences }, spec: {} });
  await h.client.patch(PODS, 'ns', name, 'merge', { status: { phase: 'Running', conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] } }, { subresource: 'status' });
}

const pdbSpec = (app: string, spec: Record<string, unknown>): Pdb => ({ metadata: { name: app, namespace: 'ns', generation: 1 }, spec: { selector: { matchLabels: { app } }, ...spec } });
const get = (h: ReturnType<typeof harness>, name: string): Pdb | undefined => h.client.objects<Pdb>(PDBS).find((p) => p.metadata?.name === name);

test('integer minAvailable counts the selected pods', async () => {
  const h = harness();
  try {
    for (const n of ['a', 'b', 'c']) await readyPod(h, n, { app: 'web' });
    await readyPod(h, 'd', { app: 'web' }, undefined, 'ReplicaSet', false);
    await h.client.create(PDBS, 'ns', pdbSpec('web', { minAvailable: 2 }));
    await h.run(controllers.disruption!);
    await until(() => get(h, 'web')?.status?.disruptionsAllowed === 1, 3000, 'allowed 1');
    const st = get(h, 'web')!.status!;
    assert.deepEqual([st.expectedPods, st.currentHealthy, st.desiredHealthy, st.observedGeneration], [4, 3, 2, 1]);
    assert.equal(st.conditions?.[0]?.status, 'True');
    // A pod going unready uses up the budget.
    await h.client.patch(PODS, 'ns', 'a', 'merge', { status: { conditions: [{ type: 'Ready', status: 'False' }] } }, { subresource: 'status' });
    await until(() => get(h, 'web')?.status?.disruptionsAllowed === 0, 3000, 'allowed 0');
    assert.equal(get(h, 'web')!.status!.conditions?.[0]?.reason, 'InsufficientPods');
  } finally {
    await h.stop();
  }
});

test('maxUnavailable percent scales from the Deployment owning the pods', async () => {
  const h = harness();
  try {
    const d: KubeObject = await h.client.create(DEPLOY, 'ns', { metadata: { name: 'd' }, spec: { replicas: 4 } });
    const rs: KubeObject = await h.client.create(RS, 'ns', { metadata: { name: 'd-1', ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'd', uid: String(d.metadata?.uid), controller: true }] }, spec: { replicas: 3 } } as KubeObject);
    for (const n of ['a', 'b', 'c']) await readyPod(h, n, { app: 'd' }, rs);
    await h.client.create(PDBS, 'ns', pdbSpec('d', { maxUnavailable: '50%' }));
    await h.run(controllers.disruption!);
    await until(() => get(h, 'd')?.status?.expectedPods === 4, 3000, 'expected from the deployment');
    const st = get(h, 'd')!.status!;
    assert.deepEqual([st.desiredHealthy, st.currentHealthy, st.disruptionsAllowed], [2, 3, 1]);
  } finally {
    await h.stop();
  }
});

test('pods whose controller has no scale fail safe with SyncFailed', async () => {
  const h = harness();
  try {
    await readyPod(h, 'j', { app: 'job' }, { metadata: { name: 'job', uid: 'job-uid' } }, 'Job');
    await h.client.create(PDBS, 'ns', { ...pdbSpec('job', { minAvailable: '50%' }), status: { disruptionsAllowed: 3 } });
    await h.run(controllers.disruption!);
    await until(() => get(h, 'job')?.status?.conditions?.some((c) => c.reason === 'SyncFailed'), 3000, 'SyncFailed');
    assert.equal(get(h, 'job')!.status!.disruptionsAllowed, 0);
    assert.match(get(h, 'job')!.status!.conditions![0]!.message, /found no controllers for pod "j"/);
    assert.ok(h.events.some((e) => e.reason === 'CalculateExpectedPodCountFailed'));
  } finally {
    await h.stop();
  }
});

test('an eviction recorded in disruptedPods keeps the pod out of the healthy count', async () => {
  const h = harness();
  try {
    for (const n of ['a', 'b']) await readyPod(h, n, { app: 'ev' });
    const stamp = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
    await h.client.create(PDBS, 'ns', { ...pdbSpec('ev', { minAvailable: 1 }), status: { observedGeneration: 1, disruptedPods: { a: stamp } } });
    await h.run(controllers.disruption!);
    await until(() => get(h, 'ev')?.status?.currentHealthy === 1, 3000, 'healthy 1');
    assert.equal(get(h, 'ev')!.status!.disruptionsAllowed, 0);
    assert.ok(get(h, 'ev')!.status!.disruptedPods?.a);
    // Once the pod is gone it drops out of the map.
    await h.client.delete(PODS, 'ns', 'a');
    await until(() => get(h, 'ev')?.status?.expectedPods === 1 && !get(h, 'ev')?.status?.disruptedPods, 3000, 'map cleared');
  } finally {
    await h.stop();
  }
});
