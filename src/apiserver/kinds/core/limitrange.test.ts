import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../types.js';
import { limitRangeStrategy as s } from './limitrange.js';
import { ctx, summary } from './testutil.js';

const lr = (limits: unknown[]): KubeObject => ({ metadata: { name: 'lr', namespace: 'default' }, spec: { limits } });

test('container defaults come from max, default and min', () => {
  const o = lr([{ type: 'Container', max: { cpu: '2' }, min: { memory: '64Mi' } }]);
  s.defaults!(o);
  const item = (o.spec as any).limits[0];
  assert.deepEqual(item.default, { cpu: '2' });
  assert.deepEqual(item.defaultRequest, { cpu: '2', memory: '64Mi' });
  assert.deepEqual(s.validate!(o, ctx), []);
  const pod = lr([{ type: 'Pod', max: { cpu: '2' } }]);
  s.defaults!(pod);
  assert.equal((pod.spec as any).limits[0].default, undefined);
});

test('ordering and type errors', () => {
  const o = lr([
    { type: 'Container', min: { cpu: '2' }, max: { cpu: '1' }, default: { cpu: '1' }, defaultRequest: { cpu: '1' } },
    { type: 'Pod', default: { cpu: '1' } },
    { type: 'Pod' },
    { type: 'Thing' },
  ]);
  const errs = s.validate!(o, ctx);
  assert.deepEqual(summary(errs), [
    'FieldValueInvalid spec.limits[0].min[cpu]',
    'FieldValueInvalid spec.limits[0].defaultRequest[cpu]',
    'FieldValueInvalid spec.limits[0].default[cpu]',
    'FieldValueForbidden spec.limits[1].default',
    'FieldValueDuplicate spec.limits[2].type',
    'FieldValueNotSupported spec.limits[3].type',
  ]);
  assert.equal(errs[0].detail, 'min value 2 is greater than max value 1');
});
