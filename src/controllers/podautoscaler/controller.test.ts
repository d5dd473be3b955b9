import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../apiserver/types.js';
import { FakeResourceClient } from '../../client/fake.js';
import { PODS } from '../../client/gvr.js';
import type { GVR, ListOptions, ObjectList } from '../../client/types.js';
import { harness, until } from '../testing.js';
import { createHorizontalController, HPAS } from './controller.js';
import { POD_METRICS } from './scale.js';

const DEPLOYS: GVR = { group: 'apps', version: 'v1', resource: 'deployments' };
const OLD = new Date(Date.now() - 3600_000).toISOString();

/** The fake API plus a metrics.k8s.io source whose per-pod CPU the test sets. */
class MetricsClient extends FakeResourceClient {
  cpu = new Map<string, string>();
  metricsCalls: Array<{ namespace: string; selector?: string }> = [];
  override async list<T extends KubeObject = KubeObject>(gvr: GVR, namespace: string, opts: ListOptions = {}): Promise<ObjectList<T>> {
    if (gvr.group !== POD_METRICS.group) return super.list<T>(gvr, namespace, opts);
    this.metricsCalls.push({ namespace, selector: opts.labelSelector });
    const items = [...this.cpu].map(([name, cpu]) => ({
      kind: 'PodMetrics', apiVersion: 'metrics.k8s.io/v1beta1', metadata: { name, namespace }, timestamp: new Date().toISOString(), window: '1s',
      containers: [{ name: 'c', usage: { cpu, memory: '1Mi' } }],
    }));
    return { items: items as unknown as T[], metadata: {} };
  }
}

async function setup(replicas: number, podCount: number, hpaSpec: Record<string, unknown>) {
  const client = new MetricsClient();
  await client.create(DEPLOYS, 'default', {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default', generation: 1 },
    spec: { replicas, selector: { matchLabels: { app: 'web' } } }, status: { replicas },
  });
  for (let i = 0; i < podCount; i++) {
    await client.create(PODS, 'default', {
      apiVersion: 'v1', kind: 'Pod', metadata: { name: `web-${i}`, namespace: 'default', labels: { app: 'web' } },
      spec: { containers: [{ name: 'c', image: 'x', resources: { requests: { cpu: '100m' } } }] },
      status: { phase: 'Running', startTime: OLD, conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: OLD }] },
    });
  }
  await client.create(HPAS, 'default', {
    apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'web', namespace: 'default', generation: 1 },
    spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: 1, maxReplicas: 5,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } }], ...hpaSpec },
  });
  return client;
}

const replicasOf = async (c: FakeResourceClient) => ((await c.get(DEPLOYS, 'default', 'web')).spec as { replicas: number }).replicas;
const hpaStatus = async (c: FakeResourceClient) => (await c.get(HPAS, 'default', 'web')).status as any;

test('scales up on CPU utilization above target, clamped to maxReplicas, with status and event', async () => {
  const client = await setup(2, 2, {});
  client.cpu.set('web-0', '200m').set('web-1', '200m'); // 200% of request vs 50%
  const h = harness({ hpaSyncPeriodMs: 60_000 }, client);
  try {
    await h.run(createHorizontalController);
    await until(async () => (await replicasOf(client)) === 5, 3000, 'scale to 5');
    const st = await until(async () => { const s = await hpaStatus(client); return s?.desiredReplicas === 5 && s; });
    assert.equal(st.currentReplicas, 2);
    assert.ok(st.lastScaleTime);
    assert.deepEqual(st.currentMetrics, [{ type: 'Resource', resource: { name: 'cpu', current: { averageValue: '200m', averageUtilization: 200 } } }]);
    const byType = Object.fromEntries(st.conditions.map((c: any) => [c.type, [c.status, c.reason]]));
    assert.deepEqual(byType, { AbleToScale: ['True', 'SucceededRescale'], ScalingActive: ['True', 'ValidMetricFound'], ScalingLimited: ['True', 'TooManyReplicas'] });
    const ev = h.events.find((e) => e.reason === 'SuccessfulRescale');
    assert.equal(ev?.message, 'New size: 5; reason: cpu resource utilization (percentage of request) above target');
    assert.equal(ev?.ref.kind, 'HorizontalPodAutoscaler');
    assert.deepEqual(client.metricsCalls[0], { namespace: 'default', selector: 'app=web' });
  } finally {
    await h.stop();
  }
});

test('scales down to minReplicas on the next sync when the scale-down window is 0', async () => {
  const client = await setup(4, 4, { behavior: { scaleDown: { stabilizationWindowSeconds: 0, selectPolicy: 'Max', policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }] } } });
  for (let i = 0; i < 4; i++) client.cpu.set(`web-${i}`, '1m');
  const h = harness({ hpaSyncPeriodMs: 50 }, client);
  try {
    await h.run(createHorizontalController);
    await until(async () => (await replicasOf(client)) === 1, 3000, 'scale to 1');
    assert.equal(h.events.find((e) => e.reason === 'SuccessfulRescale')?.message, 'New size: 1; reason: All metrics below target');
  } finally {
    await h.stop();
  }
});

test('default scale-down stabilization (300 s) holds the count; missing metrics are reported', async () => {
  const client = await setup(3, 3, {});
  for (let i = 0; i < 3; i++) client.cpu.set(`web-${i}`, '1m');
  const h = harness({ hpaSyncPeriodMs: 30 }, client);
  try {
    await h.run(createHorizontalController);
    await until(async () => (await hpaStatus(client))?.conditions?.some((c: any) => c.reason === 'ReadyForNewScale'), 3000, 'a sync');
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(await replicasOf(client), 3);
    assert.equal(h.events.filter((e) => e.reason === 'SuccessfulRescale').length, 0);
    client.cpu.clear();
    await until(() => h.events.some((e) => e.reason === 'FailedGetResourceMetric'), 3000, 'metrics error event');
    const st = await until(async () => { const s = await hpaStatus(client); return s?.conditions?.find((c: any) => c.type === 'ScalingActive' && c.status === 'False') && s; });
    assert.equal(st.conditions.find((c: any) => c.type === 'ScalingActive').reason, 'FailedGetResourceMetric');
  } finally {
    await h.stop();
  }
});

test('a target at zero replicas disables scaling; a missing target is reported', async () => {
  const client = await setup(0, 0, {});
  const h = harness({ hpaSyncPeriodMs: 60_000 }, client);
  try {
    await h.run(createHorizontalController);
    const st = await until(async () => { const s = await hpaStatus(client); return s?.conditions?.length && s; });
    assert.deepEqual(st.conditions.find((c: any) => c.type === 'ScalingActive').reason, 'ScalingDisabled');
    assert.equal(await replicasOf(client), 0);
    await client.delete(DEPLOYS, 'default', 'web');
    await client.patch(HPAS, 'default', 'web', 'merge', { spec: { maxReplicas: 6 } });
    await until(() => h.events.some((e) => e.reason === 'FailedGetScale'), 3000, 'FailedGetScale');
  } finally {
    await h.stop();
  }
});
