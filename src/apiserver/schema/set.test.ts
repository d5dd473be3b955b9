import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SchemaSet, refName } from './set.js';

test('resolve follows $ref chains and tolerates dangling ones', () => {
  const set = new SchemaSet({
    A: { $ref: '#/definitions/B' },
    B: { type: 'string', description: 'b' },
  });
  assert.deepEqual(set.resolve({ $ref: '#/definitions/A' }), { type: 'string', description: 'b' });
  assert.deepEqual(set.resolve({ $ref: '#/components/schemas/B' }), { type: 'string', description: 'b' });
  assert.deepEqual(set.resolve({ type: 'integer' }), { type: 'integer' });
  assert.deepEqual(set.resolve({ $ref: '#/definitions/Nope' }), {});
  assert.equal(refName('#/components/schemas/x.y.Z'), 'x.y.Z');
});

test('forGVK finds kinds; add registers CRD schemas, the newest winning', () => {
  const defs = { 'a.v1.Foo': { type: 'object' as const, 'x-kubernetes-group-version-kind': [{ group: 'a', version: 'v1', kind: 'Foo' }] } };
  const set = new SchemaSet(defs);
  assert.equal(set.forGVK('a', 'v1', 'Foo'), defs['a.v1.Foo']);
  assert.equal(set.forGVK('a', 'v1', 'Bar'), undefined);
  set.add('b.v1.Foo', { type: 'object', description: 'new', 'x-kubernetes-group-version-kind': [{ group: 'a', version: 'v1', kind: 'Foo' }] });
  assert.equal(set.forGVK('a', 'v1', 'Foo')?.description, 'new');
  assert.equal(set.nameForGVK('a', 'v1', 'Foo'), 'b.v1.Foo');
  assert.equal(Object.keys(defs).length, 1, 'the constructor argument is not modified');
  set.remove('b.v1.Foo');
  assert.equal(set.nameForGVK('a', 'v1', 'Foo'), 'a.v1.Foo');
  assert.deepEqual(Object.keys(set.definitions()), ['a.v1.Foo']);
});

test('the default set holds the built-in kinds', () => {
  const set = new SchemaSet();
  assert.equal(set.nameForGVK('apps', 'v1', 'Deployment'), 'io.k8s.api.apps.v1.Deployment');
  assert.equal(set.nameForGVK('', 'v1', 'ConfigMap'), 'io.k8s.api.core.v1.ConfigMap');
  assert.equal(set.nameForGVK('apiextensions.k8s.io', 'v1', 'CustomResourceDefinition'), 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinition');
});
