import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clusterRoleStrategy, roleStrategy } from './role.js';
import type { KubeObject } from '../../types.js';

const ctx = { namespace: 'default', subresource: '', dryRun: false };
const brief = (errs: { field: string; type: string }[]) => errs.map((e) => [e.field, e.type]);

test('a role with resource rules passes', () => {
  const role: KubeObject = {
    metadata: { name: 'pod-reader', namespace: 'default' },
    rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] }],
  };
  assert.deepEqual(roleStrategy.validate!(role, ctx), []);
});

test('rules need verbs, groups and resources; namespaced rules cannot use URLs', () => {
  const role: KubeObject = {
    metadata: { name: 'r', namespace: 'default' },
    rules: [{ resources: ['pods'] }, { verbs: ['get'], nonResourceURLs: ['/healthz'] }],
  };
  const errs = roleStrategy.validate!(role, ctx);
  assert.deepEqual(brief(errs), [
    ['rules[0].verbs', 'FieldValueRequired'],
    ['rules[0].apiGroups', 'FieldValueRequired'],
    ['rules[1].nonResourceURLs', 'FieldValueInvalid'],
  ]);
  assert.equal(errs[0]!.detail, 'verbs must contain at least one value');
});

test('cluster roles allow URLs but not mixed rules, and check aggregation selectors', () => {
  const ok: KubeObject = { metadata: { name: 'system:ok' }, rules: [{ verbs: ['get'], nonResourceURLs: ['/healthz'] }] };
  assert.deepEqual(clusterRoleStrategy.validate!(ok, { ...ctx, namespace: '' }), []);
  const bad: KubeObject = {
    metadata: { name: 'agg' },
    rules: [{ verbs: ['get'], nonResourceURLs: ['/x'], resources: ['pods'] }],
    aggregationRule: { clusterRoleSelectors: [{ matchExpressions: [{ key: 'a', operator: 'Has' }] }] },
  };
  assert.deepEqual(brief(clusterRoleStrategy.validate!(bad, ctx)), [
    ['rules[0].nonResourceURLs', 'FieldValueInvalid'],
    ['aggregationRule.clusterRoleSelectors[0].matchExpressions[0].operator', 'FieldValueInvalid'],
    ['aggregationRule.clusterRoleSelectors[0]', 'FieldValueInvalid'],
  ]);
  const empty: KubeObject = { metadata: { name: 'agg' }, aggregationRule: {} };
  assert.deepEqual(brief(clusterRoleStrategy.validate!(empty, ctx)), [['aggregationRule.clusterRoleSelectors', 'FieldValueRequired']]);
});

test('role names are path segments', () => {
  const role: KubeObject = { metadata: { name: 'a/b', namespace: 'default' } };
  const errs = roleStrategy.validate!(role, ctx);
  assert.deepEqual(brief(errs), [['metadata.name', 'FieldValueInvalid']]);
  assert.equal(errs[0]!.detail, "may not contain '/'");
});
