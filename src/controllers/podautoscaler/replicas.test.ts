import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseQuantity } from '../../apiserver/validation/quantity.js';
import type { KubeObject } from '../../apiserver/types.js';
import { type PodMetric, resourceReplicas } from './replicas.js';
import { effectiveBehavior, limitReplicas, recordScale, stabilize, type History } from './behavior.js';

const NOW = Date.parse('2024-01-01T01:00:00Z');
const OLD = '2024-01-01T00:00:00Z';

function pod(name: string, o: { phase?: string; ready?: boolean; started?: string; cpu?: string } = {}): KubeObject {
  return {
    metadata: { name },
    spec: { containers: [{ name: 'c', resources: { requests: { cpu: o.cpu ?? '100m', memory: '64Mi' } } }] },
    status: { phase: o.phase ?? 'Running', startTime: o.started ?? OLD, conditions: [{ type: 'Ready', status: o.ready === false ? 'False' : 'True', lastTransitionTime: o.started ?? OLD }] },
  };
}
const usage = (entries: [string, number][]): Map<string, PodMetric> => new Map(entries.map(([n, v]) => [n, { value: v, timestamp: NOW, windowMs: 1000 }]));
const cpu50 = { resource: 'cpu', utilization: 50 };

test('utilization: desired = ceil(current × usage/target), within tolerance keeps the count', () => {
  const pods = [pod('a'), pod('b')];
  assert.equal(resourceReplicas(2, cpu50, pods, usage([['a', 100], ['b', 100]]), parseQuantity, NOW).replicas, 4);
  const r = resourceReplicas(2, cpu50, pods, usage([['a', 54], ['b', 54]]), parseQuantity, NOW);
  assert.equal(r.replicas, 2);
  assert.equal(r.utilization, 54);
  assert.equal(resourceReplicas(2, cpu50, pods, usage([['a', 10], ['b', 10]]), parseQuantity, NOW).replicas, 1);
});

test('missing metrics: assumed at 100% of request when scaling down, 0 when scaling up', () => {
  const pods = [pod('a'), pod('b'), pod('c')];
  // a and b idle; c missing counts as 100% → ratio (0+0+100)/300 = 33% vs 50 → ceil(0.66×3) = 2.
  assert.equal(resourceReplicas(3, cpu50, pods, usage([['a', 0], ['b', 0]]), parseQuantity, NOW).replicas, 2);
  // a and b at 200%; c missing counts as 0 → 400/300 = 133% → ceil(2.66×3) = 8.
  assert.equal(resourceReplicas(3, cpu50, pods, usage([['a', 200], ['b', 200]]), parseQuantity, NOW).replicas, 8);
});

test('unready pods count as 0 when scaling up; pending and failed pods are ignored', () => {
  const young = new Date(NOW - 10_000).toISOString();
  const pods = [pod('a'), pod('b', { ready: false, started: young }), pod('p', { phase: 'Pending' }), pod('f', { phase: 'Failed' })];
  // a at 200%: alone ratio 4; with b at 0 → 100% → ratio 2 → ceil(2×2) = 4.
  assert.equal(resourceReplicas(4, cpu50, pods, usage([['a', 200], ['b', 200], ['p', 900]]), parseQuantity, NOW).replicas, 4);
  assert.throws(() => resourceReplicas(1, cpu50, [], usage([]), parseQuantity, NOW), /no pods returned by selector/);
  assert.throws(() => resourceReplicas(1, cpu50, [pod('a')], usage([]), parseQuantity, NOW), /did not receive metrics/);
  const noReq = { ...pod('a'), spec: { containers: [{ name: 'c' }] } };
  assert.throws(() => resourceReplicas(1, cpu50, [noReq], usage([['a', 1]]), parseQuantity, NOW), /missing request for cpu in container c of Pod a/);
});

test('average value targets', () => {
  const pods = [pod('a'), pod('b')];
  const r = resourceReplicas(2, { resource: 'memory', averageValue: 100_000 }, pods, usage([['a', 300_000], ['b', 100_000]]), parseQuantity, NOW);
  assert.equal(r.replicas, 4);
  assert.equal(r.rawAverage, 200_000);
});

test('behavior: scale-down stabilization keeps the highest recent recommendation unless the window is 0', () => {
  const h: History = { recommendations: [], scaleUps: [], scaleDowns: [] };
  const { up, down } = effectiveBehavior(undefined);
  assert.equal(down.stabilizationWindowSeconds, 300);
  assert.equal(stabilize(h, 5, 5, up, down, NOW), 5);
  assert.equal(stabilize(h, 5, 1, up, down, NOW + 15_000), 5);
  assert.equal(stabilize(h, 5, 1, up, down, NOW + 301_000), 1);
  const zero = effectiveBehavior({ scaleDown: { stabilizationWindowSeconds: 0 } });
  const h2: History = { recommendations: [], scaleUps: [], scaleDowns: [] };
  stabilize(h2, 5, 5, zero.up, zero.down, NOW);
  assert.equal(stabilize(h2, 5, 1, zero.up, zero.down, NOW + 1000), 1);
});

test('behavior: policies limit the rate, bounds clamp with the ScalingLimited reason', () => {
  const h: History = { recommendations: [], scaleUps: [], scaleDowns: [] };
  const { up, down } = effectiveBehavior(undefined);
  assert.deepEqual(limitReplicas(1, 20, 1, 10, h, up, down, NOW), { replicas: 5, reason: 'ScaleUpLimit', message: 'the desired replica count is increasing faster than the maximum scale rate' });
  assert.deepEqual(limitReplicas(4, 20, 1, 6, h, up, down, NOW).reason, 'TooManyReplicas');
  assert.equal(limitReplicas(4, 20, 1, 10, h, up, down, NOW).replicas, 8);
  assert.equal(limitReplicas(4, 0, 2, 10, h, up, down, NOW).reason, 'TooFewReplicas');
  assert.deepEqual(limitReplicas(4, 6, 1, 10, h, up, down, NOW), { replicas: 6 });
  const slow = effectiveBehavior({ scaleDown: { stabilizationWindowSeconds: 0, selectPolicy: 'Max', policies: [{ type: 'Pods', value: 1, periodSeconds: 60 }] } });
  recordScale(h, 10, 9, NOW);
  // One pod already removed in this period: no more until it passes.
  assert.equal(limitReplicas(9, 1, 1, 10, h, slow.up, slow.down, NOW + 1000).replicas, 9);
  assert.equal(limitReplicas(9, 1, 1, 10, h, slow.up, slow.down, NOW + 61_000).replicas, 8);
  const off = effectiveBehavior({ scaleUp: { selectPolicy: 'Disabled' } });
  assert.equal(limitReplicas(2, 8, 1, 10, h, off.up, off.down, NOW).replicas, 2);
});
