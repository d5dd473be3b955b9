import { test } from 'node:test';
import assert from 'node:assert/strict';
import { controllerRevisionStrategy as s } from './controllerrevision.js';
import type { KubeObject } from '../../types.js';
import { brief, ctx } from './testutil.js';

const rev = (extra: Record<string, unknown> = {}): KubeObject => ({
  metadata: { name: 'web-5d4f', namespace: 'default' },
  data: { spec: { template: { metadata: { labels: { app: 'web' } } } } },
  revision: 1,
  ...extra,
});

test('data is required and revision non-negative', () => {
  assert.deepEqual(s.validate!(rev(), ctx), []);
  const errs = s.validate!(rev({ data: undefined, revision: -1 }), ctx);
  assert.deepEqual(brief(errs), [
    ['data', 'FieldValueRequired'],
    ['revision', 'FieldValueInvalid'],
  ]);
  assert.equal(errs[0]!.detail, 'data is mandatory');
});

test('data is immutable, revision may change', () => {
  const old = rev();
  assert.deepEqual(s.validateUpdate!(rev({ revision: 4 }), old, ctx), []);
  const errs = s.validateUpdate!(rev({ data: { spec: {} } }), old, ctx);
  assert.deepEqual(brief(errs), [['data', 'FieldValueInvalid']]);
  assert.equal(errs[0]!.detail, 'field is immutable');
});
