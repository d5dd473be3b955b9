import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validateObjectMeta, validateObjectMetaUpdate, TOTAL_ANNOTATION_SIZE_LIMIT_B } from './meta.js';
import { nameIsDNSSubdomain } from './names.js';
import type { ObjectMeta } from '../types.js';

const v = (meta: ObjectMeta, namespaced = true) => validateObjectMeta(meta, namespaced, nameIsDNSSubdomain);

test('a good object passes', () => {
  assert.deepEqual(
    v({
      name: 'web',
      namespace: 'default',
      labels: { app: 'web', 'example.com/tier': '' },
      annotations: { 'Example.com/Note': 'hi' },
      finalizers: ['kubernetes', 'example.com/f'],
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs', uid: '1', controller: true }],
    }),
    [],
  );
});

test('name errors', () => {
  const [e] = v({ name: 'Foo', namespace: 'default' });
  assert.equal(e.type, 'FieldValueInvalid');
  assert.equal(e.field, 'metadata.name');
  assert.equal(e.badValue, 'Foo');
  const [r] = v({ namespace: 'default' });
  assert.equal(r.type, 'FieldValueRequired');
  assert.equal(r.detail, 'name or generateName is required');
  assert.equal(v({ name: 'x', generateName: 'Bad-', namespace: 'default' })[0].field, 'metadata.generateName');
});

test('namespace rules', () => {
  assert.equal(v({ name: 'x' })[0].field, 'metadata.namespace');
  assert.equal(v({ name: 'x', namespace: 'a.b' })[0].type, 'FieldValueInvalid');
  const [f] = v({ name: 'x', namespace: 'default' }, false);
  assert.equal(f.type, 'FieldValueForbidden');
  assert.equal(f.detail, 'not allowed on this type');
});

test('labels and annotations', () => {
  const errs = v({ name: 'x', namespace: 'd', labels: { 'bad key!': 'ok', ok: '-bad' } });
  assert.equal(errs.length, 2);
  assert.ok(errs.every((e) => e.field === 'metadata.labels' && e.type === 'FieldValueInvalid'));
  assert.equal(errs[0].badValue, 'bad key!');
  const big = v({ name: 'x', namespace: 'd', annotations: { a: 'x'.repeat(TOTAL_ANNOTATION_SIZE_LIMIT_B) } });
  assert.equal(big[0].type, 'FieldValueTooLong');
  assert.equal(big[0].field, 'metadata.annotations');
});

test('finalizers', () => {
  const errs = v({ name: 'x', namespace: 'd', finalizers: ['custom'] });
  assert.equal(errs[0].field, 'metadata.finalizers[0]');
  assert.equal(errs[0].detail, 'name is neither a standard finalizer name nor is it fully qualified');
  const both = v({ name: 'x', namespace: 'd', finalizers: ['orphan', 'foregroundDeletion'] });
  assert.equal(both[0].detail, 'finalizer orphan and foregroundDeletion cannot be both set');
});

test('owner references', () => {
  const errs = v({
    name: 'x',
    namespace: 'd',
    ownerReferences: [
      { apiVersion: '', kind: '', name: '', uid: '' },
      { apiVersion: 'v1', kind: 'Event', name: 'e', uid: '1' },
      { apiVersion: 'v1', kind: 'A', name: 'a', uid: '2', controller: true },
      { apiVersion: 'v1', kind: 'B', name: 'b', uid: '3', controller: true },
    ],
  });
  assert.deepEqual(
    errs.map((e) => e.field),
    [
      'metadata.ownerReferences.apiVersion',
      'metadata.ownerReferences.kind',
      'metadata.ownerReferences.name',
      'metadata.ownerReferences.uid',
      'metadata.ownerReferences',
      'metadata.ownerReferences',
    ],
  );
  assert.equal(errs[4].detail, '/v1, Kind=Event is disallowed from being an owner');
  assert.match(errs[5].detail!, /references for A\/a and B\/b$/);
});

test('no new finalizers while deleting', () => {
  const errs = validateObjectMetaUpdate(
    { name: 'x', finalizers: ['a.io/x', 'b.io/y'] },
    { name: 'x', finalizers: ['a.io/x'], deletionTimestamp: '2024-01-01T00:00:00Z' },
  );
  assert.equal(errs.length, 1);
  assert.equal(errs[0].type, 'FieldValueForbidden');
});
