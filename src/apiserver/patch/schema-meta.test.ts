import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deref, fieldMeta, itemsSchema, metaOf, parseStrategy } from './schema-meta.js';
import { PatchError } from './errors.js';
import { definitions, resolve } from './testdata-schema.js';
import { goFormat, goTypeName, jsonEqual } from './json-value.js';

test('parseStrategy splits retainKeys from the list strategy', () => {
  assert.deepEqual(parseStrategy(undefined), { strategy: '', retainKeys: false });
  assert.deepEqual(parseStrategy('merge'), { strategy: 'merge', retainKeys: false });
  assert.deepEqual(parseStrategy('retainKeys'), { strategy: '', retainKeys: true });
  assert.deepEqual(parseStrategy('merge,retainKeys'), { strategy: 'merge', retainKeys: true });
  assert.deepEqual(parseStrategy('retainKeys,replace'), { strategy: 'replace', retainKeys: true });
  assert.throws(() => parseStrategy('merge,replace'), (e: unknown) => e instanceof PatchError && e.message === 'unexpected patch strategy: [merge replace]');
});

test('fieldMeta reads extensions from properties, through $ref and allOf', () => {
  const podSpec = deref({ $ref: '#/definitions/PodSpec' }, resolve);
  assert.equal(podSpec, definitions.PodSpec);
  const containers = fieldMeta(podSpec, 'containers', resolve);
  assert.equal(containers.strategy, 'merge');
  assert.equal(containers.mergeKey, 'name');
  assert.equal(itemsSchema(containers.schema, resolve), definitions.Container);
  const volumes = fieldMeta(podSpec, 'volumes', resolve);
  assert.deepEqual([volumes.strategy, volumes.retainKeys, volumes.mergeKey], ['merge', true, 'name']);
  const strategy = fieldMeta(definitions.DeploymentSpec, 'strategy', resolve);
  assert.deepEqual([strategy.strategy, strategy.retainKeys], ['', true]);
  assert.equal(strategy.schema, definitions.DeploymentStrategy);
  // unknown fields and additionalProperties
  assert.deepEqual(fieldMeta(podSpec, 'nope', resolve), { schema: undefined, strategy: '', retainKeys: false, mergeKey: '' });
  assert.deepEqual(fieldMeta({ type: 'object', additionalProperties: { type: 'string' } }, 'any', resolve).schema, { type: 'string' });
  // extensions on the $ref target count too
  const defs = { T: { type: 'array' as const, 'x-kubernetes-patch-strategy': 'merge' } };
  assert.equal(metaOf({ $ref: 'T' }, (s) => defs[s.$ref as 'T']).strategy, 'merge');
});

test('goFormat renders values like Go %v of decoded JSON', () => {
  assert.equal(goFormat({ b: [1, 'x'], a: null, c: { d: true } }), 'map[a:<nil> b:[1 x] c:map[d:true]]');
  assert.equal(goTypeName([]), '[]interface {}');
  assert.equal(goTypeName(1.5), 'float64');
  assert.ok(jsonEqual({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] }));
  assert.ok(!jsonEqual({ a: 1 }, { a: 1, b: undefined }));
});
