import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../types.js';
import { configMapStrategy as s } from './configmap.js';
import { ctx, summary, copy } from './testutil.js';

const cm = (extra: Record<string, unknown>): KubeObject => ({ metadata: { name: 'cfg', namespace: 'default' }, ...extra });

test('good config map passes', () => {
  assert.deepEqual(s.validate!(cm({ data: { 'app.conf': 'x', KEY_1: 'y' }, binaryData: { bin: 'AAE=' } }), ctx), []);
});

test('bad keys, duplicates and size', () => {
  assert.deepEqual(summary(s.validate!(cm({ data: { 'a/b': 'x' } }), ctx)), ['FieldValueInvalid data[a/b]']);
  assert.deepEqual(summary(s.validate!(cm({ data: { a: 'x' }, binaryData: { a: 'AA==' } }), ctx)), ['FieldValueInvalid data[a]']);
  const big = s.validate!(cm({ data: { a: 'x'.repeat(1024 * 1024 + 1) } }), ctx);
  assert.deepEqual(summary(big), ['FieldValueTooLong ']);
});

test('immutable config maps keep their data', () => {
  const old = cm({ data: { a: '1' }, immutable: true });
  const upd = copy(old);
  (upd.data as any).a = '2';
  assert.deepEqual(summary(s.validateUpdate!(upd, old, ctx)), ['FieldValueForbidden data']);
  const unset = copy(old);
  unset.immutable = false;
  assert.deepEqual(summary(s.validateUpdate!(unset, old, ctx)), ['FieldValueForbidden immutable']);
  const mutable = cm({ data: { a: '1' } });
  const changed = copy(mutable);
  changed.data = { a: '2' };
  assert.deepEqual(s.validateUpdate!(changed, mutable, ctx), []);
});
