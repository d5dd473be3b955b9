import { test } from 'node:test';
import assert from 'node:assert/strict';
import { strategyFor } from '../strategies.js';

// Every kind of the non-core groups this package owns has a registered strategy.
const KINDS: Array<[string, string[]]> = [
  ['apps', ['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'ControllerRevision']],
  ['batch', ['Job', 'CronJob']],
  ['coordination.k8s.io', ['Lease']],
  ['discovery.k8s.io', ['EndpointSlice']],
  ['events.k8s.io', ['Event']],
  ['networking.k8s.io', ['Ingress', 'IngressClass', 'NetworkPolicy']],
  ['policy', ['PodDisruptionBudget']],
  ['storage.k8s.io', ['StorageClass']],
  ['rbac.authorization.k8s.io', ['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding']],
];

test('each kind has a strategy with validate and validateUpdate', () => {
  for (const [group, kinds] of KINDS) {
    for (const kind of kinds) {
      const s = strategyFor(group, kind);
      assert.ok(s, `${group}/${kind}`);
      assert.equal(typeof s.validate, 'function', `${group}/${kind} validate`);
      assert.equal(typeof s.validateUpdate, 'function', `${group}/${kind} validateUpdate`);
    }
  }
});
