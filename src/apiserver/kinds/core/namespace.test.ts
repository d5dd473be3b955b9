import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../types.js';
import { namespaceStrategy as s } from './namespace.js';
import { summary, copy } from './testutil.js';

const cctx = { namespace: '', subresource: '', dryRun: false };

test('create: label, finalizer and Active phase', () => {
  const o: KubeObject = { metadata: { name: 'team-a', labels: { x: 'y' } } };
  s.defaults!(o);
  s.prepareForCreate!(o, cctx);
  assert.deepEqual(o.metadata!.labels, { x: 'y', 'kubernetes.io/metadata.name': 'team-a' });
  assert.deepEqual(o.spec, { finalizers: ['kubernetes'] });
  assert.deepEqual(o.status, { phase: 'Active' });
  assert.deepEqual(s.validate!(o, cctx), []);
});

test('names are DNS-1123 labels; namespace field forbidden', () => {
  const o: KubeObject = { metadata: { name: 'a.b' } };
  s.defaults!(o);
  assert.ok(summary(s.validate!(o, cctx)).includes('FieldValueInvalid metadata.name'));
  const n: KubeObject = { metadata: { name: 'ok', namespace: 'x' } };
  assert.deepEqual(summary(s.validate!(n, cctx)), ['FieldValueForbidden metadata.namespace']);
});

test('spec finalizers must be standard or qualified', () => {
  const o: KubeObject = { metadata: { name: 'a' }, spec: { finalizers: ['custom'] } };
  s.defaults!(o);
  assert.deepEqual(summary(s.validate!(o, cctx)), ['FieldValueInvalid spec.finalizers[0]']);
});

test('update keeps finalizers and status; status phase rules', () => {
  const old: KubeObject = { metadata: { name: 'a' }, spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } };
  const upd = copy(old);
  upd.spec = { finalizers: [] };
  upd.status = { phase: 'Terminating' };
  s.prepareForUpdate!(upd, old, cctx);
  assert.deepEqual(upd.spec, { finalizers: ['kubernetes'] });
  assert.deepEqual(upd.status, { phase: 'Active' });
  const st = copy(old);
  st.status = { phase: 'Terminating' };
  assert.deepEqual(summary(s.validateStatusUpdate!(st, old, cctx)), ['FieldValueInvalid status.Phase']);
  st.metadata!.deletionTimestamp = '2024-01-01T00:00:00Z';
  assert.deepEqual(s.validateStatusUpdate!(st, old, cctx), []);
});
