import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../types.js';
import { secretStrategy as s } from './secret.js';
import { ctx, summary, copy } from './testutil.js';

const b64 = (x: string): string => Buffer.from(x).toString('base64');
const secret = (extra: Record<string, unknown>): KubeObject => ({ metadata: { name: 's', namespace: 'default' }, ...extra });

test('defaults: type Opaque, stringData merged into data', () => {
  const o = secret({ data: { a: b64('1') }, stringData: { b: 'two', a: 'one' } });
  s.defaults!(o);
  assert.equal(o.type, 'Opaque');
  assert.deepEqual(o.data, { a: b64('one'), b: b64('two') });
  assert.equal(o.stringData, undefined);
  assert.deepEqual(s.validate!(o, ctx), []);
});

test('type-specific keys', () => {
  const tls = secret({ type: 'kubernetes.io/tls', data: {} });
  assert.deepEqual(summary(s.validate!(tls, ctx)), ['FieldValueRequired data[tls.key]', 'FieldValueRequired data[tls.crt]']);
  const docker = secret({ type: 'kubernetes.io/dockerconfigjson', data: { '.dockerconfigjson': b64('{nope') } });
  assert.deepEqual(summary(s.validate!(docker, ctx)), ['FieldValueInvalid data[.dockerconfigjson]']);
  const ok = secret({ type: 'kubernetes.io/dockerconfigjson', data: { '.dockerconfigjson': b64('{"auths":{}}') } });
  assert.deepEqual(s.validate!(ok, ctx), []);
  const basic = secret({ type: 'kubernetes.io/basic-auth', data: {} });
  assert.deepEqual(summary(s.validate!(basic, ctx)), ['FieldValueRequired data[username]', 'FieldValueRequired data[password]']);
  const sa = secret({ type: 'kubernetes.io/service-account-token' });
  assert.deepEqual(summary(s.validate!(sa, ctx)), ['FieldValueRequired metadata.annotations[kubernetes.io/service-account.name]']);
});

test('keys and base64 values', () => {
  assert.deepEqual(summary(s.validate!(secret({ type: 'Opaque', data: { 'a b': b64('x') } }), ctx)), ['FieldValueInvalid data[a b]']);
  assert.deepEqual(summary(s.validate!(secret({ type: 'Opaque', data: { a: 'not base64!' } }), ctx)), ['FieldValueInvalid data[a]']);
});

test('type and immutable data cannot change', () => {
  const old = secret({ type: 'Opaque', data: { a: b64('1') }, immutable: true });
  const upd = copy(old);
  upd.type = 'kubernetes.io/tls';
  upd.data = { 'tls.key': b64('k'), 'tls.crt': b64('c') };
  assert.deepEqual(summary(s.validateUpdate!(upd, old, ctx)), ['FieldValueInvalid type', 'FieldValueForbidden data']);
});

test('field label type', () => {
  assert.deepEqual(s.fieldLabels!(secret({ type: 'Opaque' })), { type: 'Opaque' });
});
