import { test } from 'node:test';
import assert from 'node:assert/strict';
import { leaseStrategy } from './lease.js';
import type { KubeObject } from '../../types.js';

const ctx = { namespace: 'default', subresource: '', dryRun: false };
const lease = (spec: Record<string, unknown>): KubeObject => ({
  apiVersion: 'coordination.k8s.io/v1',
  kind: 'Lease',
  metadata: { name: 'node-1', namespace: 'kube-node-lease' },
  spec,
});

test('a valid lease passes', () => {
  assert.deepEqual(leaseStrategy.validate!(lease({ holderIdentity: 'node-1', leaseDurationSeconds: 40, leaseTransitions: 0 }), ctx), []);
});

test('leaseDurationSeconds must be positive and leaseTransitions non-negative', () => {
  const errs = leaseStrategy.validate!(lease({ leaseDurationSeconds: 0, leaseTransitions: -1 }), ctx);
  assert.deepEqual(
    errs.map((e) => [e.field, e.type, e.detail]),
    [
      ['spec.leaseDurationSeconds', 'FieldValueInvalid', 'must be greater than 0'],
      ['spec.leaseTransitions', 'FieldValueInvalid', 'must be greater than or equal to 0'],
    ],
  );
});

test('update re-validates the spec', () => {
  const old = lease({ leaseDurationSeconds: 10 });
  const errs = leaseStrategy.validateUpdate!(lease({ leaseDurationSeconds: -5 }), old, ctx);
  assert.equal(errs[0]?.field, 'spec.leaseDurationSeconds');
});
