import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  configMapPrinter, namespacePrinter, podTemplatePrinter, replicationControllerPrinter, resourceQuotaPrinter, secretPrinter,
  serviceAccountPrinter,
} from './core.js';
import { ago, D, H, headers, M, NOW } from './testutil.js';

const meta = (name: string, created = ago(3 * D + 4 * H)) => ({ name, namespace: 'default', creationTimestamp: created });

test('namespace: NAME STATUS AGE', () => {
  assert.deepEqual(headers(namespacePrinter.columns).normal, ['NAME', 'STATUS', 'AGE']);
  assert.deepEqual(namespacePrinter.cells({ metadata: meta('kube-system'), status: { phase: 'Active' } }, NOW), ['kube-system', 'Active', '3d4h']);
  assert.deepEqual(namespacePrinter.cells({ metadata: meta('gone'), status: { phase: 'Terminating' } }, NOW)[1], 'Terminating');
});

test('configmap DATA counts data and binaryData; secret TYPE DATA; serviceaccount SECRETS', () => {
  assert.deepEqual(headers(configMapPrinter.columns).normal, ['NAME', 'DATA', 'AGE']);
  assert.deepEqual(configMapPrinter.cells({ metadata: meta('cfg'), data: { a: '1', b: '2' }, binaryData: { c: 'AA==' } }, NOW), ['cfg', 3, '3d4h']);
  assert.deepEqual(configMapPrinter.cells({ metadata: meta('empty') }, NOW), ['empty', 0, '3d4h']);
  assert.deepEqual(headers(secretPrinter.columns).normal, ['NAME', 'TYPE', 'DATA', 'AGE']);
  assert.deepEqual(secretPrinter.cells({ metadata: meta('tls', ago(10 * M)), type: 'kubernetes.io/tls', data: { 'tls.crt': 'x', 'tls.key': 'y' } }, NOW), ['tls', 'kubernetes.io/tls', 2, '10m']);
  assert.deepEqual(headers(serviceAccountPrinter.columns).normal, ['NAME', 'SECRETS', 'AGE']);
  assert.deepEqual(serviceAccountPrinter.cells({ metadata: meta('default') }, NOW), ['default', 0, '3d4h']);
  assert.deepEqual(serviceAccountPrinter.cells({ metadata: meta('bot'), secrets: [{ name: 'bot-token' }] }, NOW)[1], 1);
});

test('podtemplate: CONTAINERS IMAGES POD LABELS', () => {
  assert.deepEqual(headers(podTemplatePrinter.columns).normal, ['NAME', 'CONTAINERS', 'IMAGES', 'POD LABELS']);
  const pt = { metadata: meta('tmpl'), template: { metadata: { labels: { tier: 'web', app: 'x' } }, spec: { containers: [{ name: 'a', image: 'nginx:1.25' }, { name: 'b', image: 'redis' }] } } };
  assert.deepEqual(podTemplatePrinter.cells(pt, NOW), ['tmpl', 'a,b', 'nginx:1.25,redis', 'app=x,tier=web']);
});

test('replicationcontroller: DESIRED CURRENT READY AGE, wide CONTAINERS IMAGES SELECTOR', () => {
  assert.deepEqual(headers(replicationControllerPrinter.columns), {
    normal: ['NAME', 'DESIRED', 'CURRENT', 'READY', 'AGE'], wide: ['CONTAINERS', 'IMAGES', 'SELECTOR'],
  });
  const rc = {
    metadata: meta('nginx'),
    spec: { replicas: 3, selector: { app: 'nginx' }, template: { spec: { containers: [{ name: 'nginx', image: 'nginx' }] } } },
    status: { replicas: 3, readyReplicas: 2 },
  };
  assert.deepEqual(replicationControllerPrinter.cells(rc, NOW), ['nginx', 3, 3, 2, '3d4h', 'nginx', 'nginx', 'app=nginx']);
});

test('resourcequota: REQUEST and LIMIT columns sorted by resource', () => {
  assert.deepEqual(headers(resourceQuotaPrinter.columns).normal, ['NAME', 'REQUEST', 'LIMIT', 'AGE']);
  const rq = {
    metadata: meta('quota'),
    spec: { hard: { pods: '10' } },
    status: {
      hard: { 'requests.cpu': '1', pods: '10', 'limits.memory': '2Gi', 'limits.cpu': '2', 'requests.memory': '1Gi' },
      used: { 'requests.cpu': '500m', pods: '3', 'limits.cpu': '1' },
    },
  };
  assert.deepEqual(resourceQuotaPrinter.cells(rq, NOW), [
    'quota', 'pods: 3/10, requests.cpu: 500m/1, requests.memory: 0/1Gi', 'limits.cpu: 1/2, limits.memory: 0/2Gi', '3d4h',
  ]);
  assert.deepEqual(resourceQuotaPrinter.cells({ metadata: meta('new') }, NOW), ['new', '', '', '3d4h']);
});
