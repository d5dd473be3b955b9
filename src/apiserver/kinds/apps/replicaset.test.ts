import { test } from 'node:test';
import assert from 'node:assert/strict';
import { replicaSetStrategy as s } from './replicaset.js';
import type { KubeObject } from '../../types.js';
import { brief, ctx, podTemplate } from './testutil.js';

const rs = (spec: Record<string, unknown> = {}): KubeObject => {
  const obj: KubeObject = {
    metadata: { name: 'web-abc', namespace: 'default' },
    spec: { selector: { matchLabels: { app: 'web' } }, template: podTemplate(), ...spec },
  };
  s.defaults!(obj);
  return obj;
};

test('defaults replicas to 1 and validates a good replica set', () => {
  const obj = rs();
  assert.equal((obj.spec as any).replicas, 1);
  assert.deepEqual(s.validate!(obj, ctx), []);
});

test('bad fields', () => {
  const obj = rs({ replicas: -2, minReadySeconds: -1, selector: { matchExpressions: [{ key: 'app', operator: 'In', values: [] }] } });
  assert.deepEqual(brief(s.validate!(obj, ctx)), [
    ['spec.replicas', 'FieldValueInvalid'],
    ['spec.minReadySeconds', 'FieldValueInvalid'],
    ['spec.selector.matchExpressions[0].values', 'FieldValueRequired'],
    ['spec.selector', 'FieldValueInvalid'],
  ]);
  const deadline = rs({ template: podTemplate({ app: 'web' }, { activeDeadlineSeconds: 5 }) });
  assert.deepEqual(brief(s.validate!(deadline, ctx)), [['spec.template.spec.activeDeadlineSeconds', 'FieldValueForbidden']]);
});

test('selector is immutable; status counters are checked; field labels', () => {
  const old = rs();
  const next = rs({ selector: { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'x', operator: 'DoesNotExist' }] } });
  assert.deepEqual(brief(s.validateUpdate!(next, old, ctx)), [['spec.selector', 'FieldValueInvalid']]);
  const st = rs();
  st.status = { replicas: 1, fullyLabeledReplicas: 2 };
  assert.deepEqual(brief(s.validateStatusUpdate!(st, old, ctx)), [['status.fullyLabeledReplicas', 'FieldValueInvalid']]);
  assert.deepEqual(s.fieldLabels!(st), { 'status.replicas': '1' });
});
