import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serviceAccountStrategy as s } from './serviceaccount.js';
import { ctx, summary } from './testutil.js';

test('service accounts: name and secret references', () => {
  assert.deepEqual(s.validate!({ metadata: { name: 'default', namespace: 'default' }, secrets: [{ name: 'tok' }] }, ctx), []);
  assert.deepEqual(summary(s.validate!({ metadata: { name: 'Bad', namespace: 'default' } }, ctx)), ['FieldValueInvalid metadata.name']);
  assert.deepEqual(summary(s.validate!({ metadata: { name: 'a', namespace: 'default' }, imagePullSecrets: [{ name: 'X' }] }, ctx)), [
    'FieldValueInvalid imagePullSecrets[0].name',
  ]);
});
