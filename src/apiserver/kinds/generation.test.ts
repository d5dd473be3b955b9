import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../types.js';
import { strategyFor } from './strategies.js';

const ctx = { namespace: 'default', subresource: '', dryRun: false };

function created(group: string, kind: string, spec: Record<string, unknown> = {}): KubeObject {
  const s = strategyFor(group, kind);
  assert.ok(s, `${group}/${kind} has a strategy`);
  const obj: KubeObject = { metadata: { name: 'x', generation: 7 }, spec };
  s.defaults?.(obj);
  s.prepareForCreate?.(obj, ctx);
  return obj;
}

test('kinds whose upstream strategy starts metadata.generation at 1', () => {
  for (const [group, kind] of [['discovery.k8s.io', 'EndpointSlice'], ['networking.k8s.io', 'NetworkPolicy'], ['networking.k8s.io', 'IngressClass']]) {
    assert.equal(created(group!, kind!).metadata!.generation, 1, kind);
  }
});

test('kinds with a status subresource but no generation upstream', () => {
  for (const kind of ['Namespace', 'Pod', 'Service', 'Node', 'PersistentVolume', 'PersistentVolumeClaim', 'ResourceQuota']) {
    assert.equal(created('', kind, kind === 'Pod' ? { containers: [] } : {}).metadata!.generation, undefined, kind);
  }
});

test('status structs always serialize, with their non-omitempty counters at zero', () => {
  assert.deepEqual(created('apps', 'Deployment').status, {});
  assert.deepEqual(created('apps', 'ReplicaSet').status, { replicas: 0 });
  assert.deepEqual(created('apps', 'StatefulSet').status, { replicas: 0, availableReplicas: 0 });
  assert.deepEqual(created('apps', 'DaemonSet').status, { currentNumberScheduled: 0, numberMisscheduled: 0, desiredNumberScheduled: 0, numberReady: 0 });
  assert.deepEqual(created('', 'ReplicationController').status, { replicas: 0 });
  assert.deepEqual(created('networking.k8s.io', 'Ingress').status, { loadBalancer: {} });
  assert.deepEqual(created('policy', 'PodDisruptionBudget').status, { disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 });
});
