import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validateStructural } from './structural.js';
import { errorString } from '../validation/field.js';
import type { JSONSchemaProps } from './types.js';

const check = (s: JSONSchemaProps) => validateStructural('s', s).map(errorString);

test('types are required per level', () => {
  assert.deepEqual(check({}), ['s.type: Required value: must not be empty at the root']);
  assert.deepEqual(check({ type: 'string' }), ['s.type: Invalid value: "string": must be object at the root']);
  assert.deepEqual(check({ type: 'object', properties: { a: { type: 'array', items: {} } } }), [
    's.properties[a].items.type: Required value: must not be empty for specified array items',
  ]);
  assert.deepEqual(check({ type: 'object', properties: { a: { type: 'array' } } }), ['s.properties[a].items: Required value: must be specified']);
});

test('value validations must not carry structure, and must be complete', () => {
  assert.deepEqual(check({ type: 'object', properties: { a: { type: 'string', anyOf: [{ type: 'string', description: 'x' }] } } }), [
    's.properties[a].anyOf[0].description: Forbidden: must be empty to be structural',
    's.properties[a].anyOf[0].type: Forbidden: must be empty to be structural',
  ]);
  assert.deepEqual(check({ type: 'object', anyOf: [{ properties: { b: {} } }] }), [
    's.properties[b]: Required value: because it is defined in s.anyOf[0].properties[b]',
  ]);
});

test('int-or-string patterns are allowed', () => {
  assert.deepEqual(check({ type: 'object', properties: { p: { 'x-kubernetes-int-or-string': true, anyOf: [{ type: 'integer' }, { type: 'string' }] } } }), []);
  assert.deepEqual(
    check({ type: 'object', properties: { p: { 'x-kubernetes-int-or-string': true, allOf: [{ anyOf: [{ type: 'integer' }, { type: 'string' }] }, { pattern: '^a' }] } } }),
    [],
  );
});

test('additionalProperties at the root and embedded resources', () => {
  assert.deepEqual(check({ type: 'object', additionalProperties: { type: 'string' } }), [
    's.additionalProperties: Forbidden: must not be used at the root',
  ]);
  assert.deepEqual(check({ type: 'object', properties: { e: { type: 'object', 'x-kubernetes-embedded-resource': true } } }), [
    's.properties[e].properties: Required value: must not be empty if x-kubernetes-embedded-resource is true without x-kubernetes-preserve-unknown-fields',
  ]);
});
