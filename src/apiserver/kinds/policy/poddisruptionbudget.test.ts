import { test } from 'node:test';
import assert from 'node:assert/strict';
import { podDisruptionBudgetStrategy as s } from './poddisruptionbudget.js';
import type { KubeObject } from '../../types.js';

const ctx = { namespace: 'default', subresource: '', dryRun: false };
const brief = (errs: { field: string; type: string }[]) => errs.map((e) => [e.field, e.type]);
const pdb = (spec: Record<string, unknown>): KubeObject => ({ metadata: { name: 'web', namespace: 'default' }, spec });

test('minAvailable or maxUnavailable as int or percent pass', () => {
  assert.deepEqual(s.validate!(pdb({ minAvailable: 2, selector: { matchLabels: { app: 'web' } } }), ctx), []);
  assert.deepEqual(s.validate!(pdb({ maxUnavailable: '50%', selector: { matchLabels: { app: 'web' } } }), ctx), []);
});

test('both set, bad percent, negative count and unknown policy fail', () => {
  const errs = s.validate!(pdb({ minAvailable: 1, maxUnavailable: 1 }), ctx);
  assert.deepEqual(brief(errs), [['spec', 'FieldValueInvalid']]);
  assert.equal(errs[0]!.detail, 'minAvailable and maxUnavailable cannot be both set');
  assert.deepEqual(brief(s.validate!(pdb({ minAvailable: '150%' }), ctx)), [['spec.minAvailable', 'FieldValueInvalid']]);
  assert.deepEqual(brief(s.validate!(pdb({ minAvailable: 'half' }), ctx)), [['spec.minAvailable', 'FieldValueInvalid']]);
  assert.deepEqual(brief(s.validate!(pdb({ maxUnavailable: -1 }), ctx)), [['spec.maxUnavailable', 'FieldValueInvalid']]);
  assert.deepEqual(brief(s.validate!(pdb({ unhealthyPodEvictionPolicy: 'Never' }), ctx)), [
    ['spec.unhealthyPodEvictionPolicy', 'FieldValueNotSupported'],
  ]);
});

test('status is cleared on create and kept on update', () => {
  const obj = pdb({ minAvailable: 1 });
  obj.status = { disruptionsAllowed: 5 };
  s.prepareForCreate!(obj, ctx);
  assert.deepEqual(obj.status, { disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 });
  const old = pdb({ minAvailable: 1 });
  old.status = { currentHealthy: 3 };
  const next = pdb({ minAvailable: 2 });
  next.status = { currentHealthy: 0 };
  s.prepareForUpdate!(next, old, ctx);
  assert.deepEqual(next.status, { disruptionsAllowed: 0, currentHealthy: 3, desiredHealthy: 0, expectedPods: 0 });
  const st = pdb({ minAvailable: 9 });
  st.status = { currentHealthy: -1 };
  s.prepareForStatusUpdate!(st, old, ctx);
  assert.deepEqual(st.spec, { minAvailable: 1 });
  assert.deepEqual(brief(s.validateStatusUpdate!(st, old, ctx)), [['status.currentHealthy', 'FieldValueInvalid']]);
});

test('names only need to be path segments', () => {
  const obj = pdb({ minAvailable: 1 });
  obj.metadata!.name = 'Web_PDB';
  assert.deepEqual(s.validate!(obj, ctx), []);
  obj.metadata!.name = 'a/b';
  assert.deepEqual(brief(s.validate!(obj, ctx)), [['metadata.name', 'FieldValueInvalid']]);
});
