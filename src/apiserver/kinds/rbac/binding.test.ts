import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clusterRoleBindingStrategy as crb, roleBindingStrategy as rb } from './binding.js';
import type { KubeObject } from '../../types.js';

const ctx = { namespace: 'default', subresource: '', dryRun: false };
const brief = (errs: { field: string; type: string }[]) => errs.map((e) => [e.field, e.type]);

const binding = (): KubeObject => ({
  metadata: { name: 'read-pods', namespace: 'default' },
  roleRef: { kind: 'Role', name: 'pod-reader' },
  subjects: [
    { kind: 'User', name: 'jane' },
    { kind: 'ServiceAccount', name: 'default', namespace: 'default' },
  ],
});

test('defaults fill apiGroups and a good binding passes', () => {
  const obj = binding();
  rb.defaults!(obj);
  assert.deepEqual(obj.roleRef, { kind: 'Role', name: 'pod-reader', apiGroup: 'rbac.authorization.k8s.io' });
  assert.deepEqual(
    (obj.subjects as { apiGroup?: string }[]).map((s) => s.apiGroup),
    ['rbac.authorization.k8s.io', undefined],
  );
  assert.deepEqual(rb.validate!(obj, ctx), []);
});

test('roleRef and subjects are checked', () => {
  const obj: KubeObject = {
    metadata: { name: 'b', namespace: 'default' },
    roleRef: { apiGroup: 'example.com', kind: 'Thing' },
    subjects: [{ kind: 'Robot', name: 'r2' }, { kind: 'User' }],
  };
  rb.defaults!(obj);
  assert.deepEqual(brief(rb.validate!(obj, ctx)), [
    ['roleRef.apiGroup', 'FieldValueNotSupported'],
    ['roleRef.kind', 'FieldValueNotSupported'],
    ['roleRef.name', 'FieldValueRequired'],
    ['subjects[0].kind', 'FieldValueNotSupported'],
    ['subjects[1].name', 'FieldValueRequired'],
  ]);
});

test('cluster role bindings only reference ClusterRoles and need service account namespaces', () => {
  const obj: KubeObject = {
    metadata: { name: 'b' },
    roleRef: { kind: 'Role', name: 'x' },
    subjects: [{ kind: 'ServiceAccount', name: 'default' }],
  };
  crb.defaults!(obj);
  assert.deepEqual(brief(crb.validate!(obj, { ...ctx, namespace: '' })), [
    ['roleRef.kind', 'FieldValueNotSupported'],
    ['subjects[0].namespace', 'FieldValueRequired'],
  ]);
});

test('roleRef cannot change', () => {
  const old = binding();
  rb.defaults!(old);
  const next = binding();
  (next.roleRef as { name: string }).name = 'other';
  rb.defaults!(next);
  const errs = rb.validateUpdate!(next, old, ctx);
  assert.deepEqual(brief(errs), [['roleRef', 'FieldValueInvalid']]);
  assert.equal(errs[0]!.detail, 'cannot change roleRef');
});
