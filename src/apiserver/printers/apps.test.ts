import { test } from 'node:test';
import assert from 'node:assert/strict';
import { controllerName, controllerRevisionPrinter, daemonSetPrinter, deploymentPrinter, replicaSetPrinter, statefulSetPrinter } from './apps.js';
import { ago, D, H, headers, M, NOW } from './testutil.js';

const template = { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.25' }, { name: 'log', image: 'fluent-bit' }] } };
const meta = { name: 'web', namespace: 'default', creationTimestamp: ago(2 * H) };

test('deployment 2/3: READY UP-TO-DATE AVAILABLE AGE, wide CONTAINERS IMAGES SELECTOR', () => {
  assert.deepEqual(headers(deploymentPrinter.columns), {
    normal: ['NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE'], wide: ['CONTAINERS', 'IMAGES', 'SELECTOR'],
  });
  const d = { metadata: meta, spec: { replicas: 3, selector: { matchLabels: { app: 'web' } }, template }, status: { replicas: 3, readyReplicas: 2, updatedReplicas: 3, availableReplicas: 2 } };
  assert.deepEqual(deploymentPrinter.cells(d, NOW), ['web', '2/3', 3, 2, '120m', 'nginx,log', 'nginx:1.25,fluent-bit', 'app=web']);
  const fresh = { metadata: meta, spec: { replicas: 0, selector: { matchExpressions: [{ key: 'app', operator: 'In', values: [] }] }, template } };
  const c = deploymentPrinter.cells(fresh, NOW);
  // No status yet; an invalid selector prints <invalid> in the SELECTOR column.
  assert.deepEqual([c[1], c[2], c[3], c[7]], ['0/0', 0, 0, '<invalid>']);
});

test('replicaset: DESIRED CURRENT READY AGE with label selector', () => {
  assert.deepEqual(headers(replicaSetPrinter.columns), {
    normal: ['NAME', 'DESIRED', 'CURRENT', 'READY', 'AGE'], wide: ['CONTAINERS', 'IMAGES', 'SELECTOR'],
  });
  const rs = { metadata: { ...meta, name: 'web-7d4b9c' }, spec: { replicas: 3, selector: { matchLabels: { app: 'web', 'pod-template-hash': '7d4b9c' } }, template }, status: { replicas: 3, readyReplicas: 3 } };
  assert.deepEqual(replicaSetPrinter.cells(rs, NOW), ['web-7d4b9c', 3, 3, 3, '120m', 'nginx,log', 'nginx:1.25,fluent-bit', 'app=web,pod-template-hash=7d4b9c']);
});

test('statefulset: READY AGE, wide CONTAINERS IMAGES', () => {
  assert.deepEqual(headers(statefulSetPrinter.columns), { normal: ['NAME', 'READY', 'AGE'], wide: ['CONTAINERS', 'IMAGES'] });
  const sts = { metadata: { ...meta, name: 'db' }, spec: { replicas: 3, template }, status: { replicas: 2, readyReplicas: 1 } };
  assert.deepEqual(statefulSetPrinter.cells(sts, NOW), ['db', '1/3', '120m', 'nginx,log', 'nginx:1.25,fluent-bit']);
});

test('daemonset: DESIRED CURRENT READY UP-TO-DATE AVAILABLE NODE SELECTOR AGE', () => {
  assert.deepEqual(headers(daemonSetPrinter.columns), {
    normal: ['NAME', 'DESIRED', 'CURRENT', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'NODE SELECTOR', 'AGE'], wide: ['CONTAINERS', 'IMAGES', 'SELECTOR'],
  });
  const ds = {
    metadata: { ...meta, name: 'svclb', creationTimestamp: ago(9 * D) },
    spec: { selector: { matchLabels: { app: 'svclb' } }, template: { spec: { nodeSelector: { 'kubernetes.io/os': 'linux' }, containers: [{ name: 'lb', image: 'klipper-lb' }] } } },
    status: { desiredNumberScheduled: 2, currentNumberScheduled: 2, numberReady: 1, updatedNumberScheduled: 2, numberAvailable: 1 },
  };
  assert.deepEqual(daemonSetPrinter.cells(ds, NOW), ['svclb', 2, 2, 1, 2, 1, 'kubernetes.io/os=linux', '9d', 'lb', 'klipper-lb', 'app=svclb']);
});

test('controllerrevision: CONTROLLER REVISION AGE', () => {
  assert.deepEqual(headers(controllerRevisionPrinter.columns).normal, ['NAME', 'CONTROLLER', 'REVISION', 'AGE']);
  const cr = {
    metadata: { name: 'db-5f8d', creationTimestamp: ago(3 * M), ownerReferences: [{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'db', uid: 'u1', controller: true }] },
    revision: 2,
  };
  assert.deepEqual(controllerRevisionPrinter.cells(cr, NOW), ['db-5f8d', 'statefulset.apps/db', 2, '3m']);
  assert.equal(controllerName({ metadata: { ownerReferences: [{ apiVersion: 'v1', kind: 'Pod', name: 'p', uid: 'u' }] } }), '<none>');
  assert.equal(controllerName({ metadata: { ownerReferences: [{ apiVersion: 'v1', kind: 'Pod', name: 'p', uid: 'u', controller: true }] } }), 'pod/p');
});
