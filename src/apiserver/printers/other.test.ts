import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clusterRoleBindingPrinter, leasePrinter, podDisruptionBudgetPrinter, roleBindingPrinter, storageClassPrinter } from './other.js';
import { ago, D, headers, NOW, S } from './testutil.js';

test('lease: HOLDER AGE', () => {
  assert.deepEqual(headers(leasePrinter.columns).normal, ['NAME', 'HOLDER', 'AGE']);
  assert.deepEqual(leasePrinter.cells({ metadata: { name: 'node-1', creationTimestamp: ago(D) }, spec: { holderIdentity: 'node-1' } }, NOW), ['node-1', 'node-1', '24h']);
  assert.deepEqual(leasePrinter.cells({ metadata: { name: 'free', creationTimestamp: ago(30 * S) }, spec: {} }, NOW), ['free', '', '30s']);
});

test('poddisruptionbudget: MIN AVAILABLE MAX UNAVAILABLE ALLOWED DISRUPTIONS AGE', () => {
  assert.deepEqual(headers(podDisruptionBudgetPrinter.columns).normal, ['NAME', 'MIN AVAILABLE', 'MAX UNAVAILABLE', 'ALLOWED DISRUPTIONS', 'AGE']);
  const pdb = { metadata: { name: 'web', creationTimestamp: ago(D) }, spec: { minAvailable: 2 }, status: { disruptionsAllowed: 1 } };
  assert.deepEqual(podDisruptionBudgetPrinter.cells(pdb, NOW), ['web', '2', 'N/A', 1, '24h']);
  const pct = { metadata: { name: 'db', creationTimestamp: ago(D) }, spec: { maxUnavailable: '25%' } };
  assert.deepEqual(podDisruptionBudgetPrinter.cells(pct, NOW), ['db', 'N/A', '25%', 0, '24h']);
});

test('storageclass: default marker and defaults for policy and binding mode', () => {
  assert.deepEqual(headers(storageClassPrinter.columns).normal, ['NAME', 'PROVISIONER', 'RECLAIMPOLICY', 'VOLUMEBINDINGMODE', 'ALLOWVOLUMEEXPANSION', 'AGE']);
  const sc = {
    metadata: { name: 'local-path', creationTimestamp: ago(D), annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } },
    provisioner: 'rancher.io/local-path', reclaimPolicy: 'Delete', volumeBindingMode: 'WaitForFirstConsumer',
  };
  assert.deepEqual(storageClassPrinter.cells(sc, NOW), ['local-path (default)', 'rancher.io/local-path', 'Delete', 'WaitForFirstConsumer', false, '24h']);
  const bare = { metadata: { name: 'fast', creationTimestamp: ago(D) }, provisioner: 'csi.example.com', allowVolumeExpansion: true };
  assert.deepEqual(storageClassPrinter.cells(bare, NOW), ['fast', 'csi.example.com', 'Delete', 'Immediate', true, '24h']);
});

test('rolebinding and clusterrolebinding: ROLE AGE, wide USERS GROUPS SERVICEACCOUNTS', () => {
  assert.deepEqual(headers(roleBindingPrinter.columns), { normal: ['NAME', 'ROLE', 'AGE'], wide: ['USERS', 'GROUPS', 'SERVICEACCOUNTS'] });
  assert.equal(roleBindingPrinter.columns[3].description, 'Users in the roleBinding');
  assert.equal(clusterRoleBindingPrinter.columns[5].description, 'ServiceAccounts in the clusterRoleBinding');
  const rb = {
    metadata: { name: 'admins', creationTimestamp: ago(D) },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'admin' },
    subjects: [
      { kind: 'User', name: 'alice' }, { kind: 'User', name: 'bob' }, { kind: 'Group', name: 'devs' },
      { kind: 'ServiceAccount', name: 'ci', namespace: 'tools' }, { kind: 'ServiceAccount', name: 'bot' },
    ],
  };
  assert.deepEqual(roleBindingPrinter.cells(rb, NOW), ['admins', 'ClusterRole/admin', '24h', 'alice, bob', 'devs', 'tools:ci, bot']);
  assert.deepEqual(clusterRoleBindingPrinter.cells({ metadata: { name: 'x', creationTimestamp: ago(D) }, roleRef: { kind: 'ClusterRole', name: 'view' } }, NOW), ['x', 'ClusterRole/view', '24h', '', '', '']);
});
