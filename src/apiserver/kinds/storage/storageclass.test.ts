import { test } from 'node:test';
import assert from 'node:assert/strict';
import { storageClassStrategy as s } from './storageclass.js';
import type { KubeObject } from '../../types.js';

const ctx = { namespace: '', subresource: '', dryRun: false };
const sc = (extra: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'storage.k8s.io/v1',
  kind: 'StorageClass',
  metadata: { name: 'local-path' },
  provisioner: 'rancher.io/local-path',
  ...extra,
});
const brief = (errs: { field: string; type: string; detail?: string }[]) => errs.map((e) => [e.field, e.type]);

test('defaults reclaimPolicy and volumeBindingMode', () => {
  const obj = sc();
  s.defaults!(obj);
  assert.equal(obj.reclaimPolicy, 'Delete');
  assert.equal(obj.volumeBindingMode, 'Immediate');
  assert.deepEqual(s.validate!(obj, ctx), []);
  const keep = sc({ reclaimPolicy: 'Retain', volumeBindingMode: 'WaitForFirstConsumer' });
  s.defaults!(keep);
  assert.equal(keep.reclaimPolicy, 'Retain');
  assert.equal(keep.volumeBindingMode, 'WaitForFirstConsumer');
});

test('provisioner is required and a qualified name; enums are checked', () => {
  const obj = sc({ provisioner: '', reclaimPolicy: 'Recycle', volumeBindingMode: 'Later' });
  assert.deepEqual(brief(s.validate!(obj, ctx)), [
    ['provisioner', 'FieldValueRequired'],
    ['reclaimPolicy', 'FieldValueNotSupported'],
    ['volumeBindingMode', 'FieldValueNotSupported'],
  ]);
  const bad = sc({ provisioner: 'not a name!' });
  s.defaults!(bad);
  assert.deepEqual(brief(s.validate!(bad, ctx)), [['provisioner', 'FieldValueInvalid']]);
});

test('provisioner, parameters, reclaimPolicy and volumeBindingMode are fixed', () => {
  const old = sc({ parameters: { a: '1' } });
  s.defaults!(old);
  const next = sc({ provisioner: 'example.com/other', parameters: { a: '2' }, reclaimPolicy: 'Retain', volumeBindingMode: 'WaitForFirstConsumer' });
  const errs = s.validateUpdate!(next, old, ctx);
  assert.deepEqual(brief(errs), [
    ['parameters', 'FieldValueForbidden'],
    ['provisioner', 'FieldValueForbidden'],
    ['reclaimPolicy', 'FieldValueForbidden'],
    ['volumeBindingMode', 'FieldValueInvalid'],
  ]);
  assert.equal(errs[0]!.detail, 'updates to parameters are forbidden.');
  assert.equal(errs[3]!.detail, 'field is immutable');
});
