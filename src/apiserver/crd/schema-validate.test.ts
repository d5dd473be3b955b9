import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validateValue } from './schema-validate.js';
import { toFieldErrors } from './openapi-errors.js';
import { errorString } from '../validation/field.js';
import type { JSONSchemaProps } from './types.js';

function errs(schema: JSONSchemaProps, value: unknown, old?: unknown): string[] {
  const root: JSONSchemaProps = { type: 'object', properties: { spec: schema } };
  return toFieldErrors('', validateValue(root, { spec: value }, '', old === undefined ? undefined : { value: { spec: old } })).map(errorString);
}

test('type errors use kube-openapi wording', () => {
  assert.deepEqual(errs({ type: 'integer' }, 'string'), ['spec: Invalid value: "string": spec in body must be of type integer: "string"']);
  assert.deepEqual(errs({ type: 'object', properties: { replicas: { type: 'integer' } } }, { replicas: 'x' }), [
    'spec.replicas: Invalid value: "string": spec.replicas in body must be of type integer: "string"',
  ]);
  assert.deepEqual(errs({ type: 'string' }, null), ['spec: Invalid value: "null": spec in body must be of type string: "null"']);
  assert.deepEqual(errs({ type: 'string', nullable: true }, null), []);
  assert.deepEqual(errs({ type: 'number' }, 3), []);
  assert.ok(errs({ type: 'integer' }, 1.5).includes('spec: Invalid value: "number": spec in body must be of type integer: "number"'));
});

test('int-or-string accepts both', () => {
  const s: JSONSchemaProps = { 'x-kubernetes-int-or-string': true };
  assert.deepEqual(errs(s, 3), []);
  assert.deepEqual(errs(s, '50%'), []);
  assert.deepEqual(errs(s, true), ['spec: Invalid value: "boolean": spec in body must be of type integer,string: "boolean"']);
});

test('numbers: min, max, exclusive, multipleOf, int32', () => {
  assert.deepEqual(errs({ type: 'integer', minimum: 1, maximum: 10 }, 0), ['spec: Invalid value: 0: spec in body should be greater than or equal to 1']);
  assert.deepEqual(errs({ type: 'integer', minimum: 1, maximum: 10 }, 11), ['spec: Invalid value: 11: spec in body should be less than or equal to 10']);
  assert.deepEqual(errs({ type: 'number', maximum: 1.5, exclusiveMaximum: true }, 1.5), ['spec: Invalid value: 1.5: spec in body should be less than 1.5']);
  assert.deepEqual(errs({ type: 'integer', multipleOf: 5 }, 12), ['spec: Invalid value: 12: spec in body should be a multiple of 5']);
  assert.deepEqual(errs({ type: 'integer', format: 'int32' }, 2 ** 40), ['Invalid value: "": Checked value must be of type integer with format int32 in spec']);
});

test('strings: length, pattern, enum, formats', () => {
  assert.deepEqual(errs({ type: 'string', maxLength: 3 }, 'abcd'), ['spec: Too long: must have at most 3 bytes']);
  assert.deepEqual(errs({ type: 'string', minLength: 2 }, 'a'), ['spec: Invalid value: "a": spec in body should be at least 2 chars long']);
  assert.deepEqual(errs({ type: 'string', pattern: '^[a-z]+$' }, 'A1'), [`spec: Invalid value: "A1": spec in body should match '^[a-z]+$'`]);
  assert.deepEqual(errs({ type: 'string', enum: ['a', 'b'] }, 'c'), ['spec: Unsupported value: "c": supported values: "a", "b"']);
  assert.deepEqual(errs({ type: 'integer', enum: [1, 2] }, 3), ['spec: Unsupported value: 3: supported values: "1", "2"']);
  assert.deepEqual(errs({ type: 'string', format: 'date-time' }, 'yesterday'), [
    'spec: Invalid value: "yesterday": spec in body must be of type date-time: "yesterday"',
  ]);
  assert.deepEqual(errs({ type: 'string', format: 'date-time' }, '2024-01-02T03:04:05Z'), []);
  assert.deepEqual(errs({ type: 'string', format: 'ipv4' }, '10.0.0.300').length, 1);
  assert.deepEqual(errs({ type: 'string', format: 'not-a-format' }, 'anything'), []);
});

test('arrays and objects: counts, required, additionalProperties', () => {
  assert.deepEqual(errs({ type: 'array', items: { type: 'string' }, maxItems: 1 }, ['a', 'b']), ['spec: Too many: 2: must have at most 1 items']);
  assert.deepEqual(errs({ type: 'array', items: { type: 'string' }, minItems: 1 }, []), ['spec: Invalid value: 0: spec in body should have at least 1 items']);
  assert.deepEqual(errs({ type: 'array', items: { type: 'integer' } }, [1, 'x']), [
    'spec[1]: Invalid value: "string": spec[1] in body must be of type integer: "string"',
  ]);
  assert.deepEqual(errs({ type: 'object', required: ['image'], properties: { image: { type: 'string' } } }, {}), ['spec.image: Required value']);
  assert.deepEqual(errs({ type: 'object', maxProperties: 1, additionalProperties: { type: 'string' } }, { a: 'x', b: 2 }), [
    'spec: Too many: 2: must have at most 1 items',
    'spec.b: Invalid value: "integer": spec.b in body must be of type string: "integer"',
  ]);
});

test('oneOf, anyOf, allOf and not', () => {
  const oneOf: JSONSchemaProps = { type: 'object', properties: { a: { type: 'string' }, b: { type: 'string' } }, oneOf: [{ required: ['a'] }, { required: ['b'] }] };
  assert.deepEqual(errs(oneOf, { a: 'x' }), []);
  const both = errs(oneOf, { a: 'x', b: 'y' });
  assert.deepEqual(both, ['Invalid value: "": "spec" must validate one and only one schema (oneOf). Found 2 valid alternatives']);
  const anyOf: JSONSchemaProps = { type: 'object', properties: { a: { type: 'string' } }, anyOf: [{ required: ['a'] }] };
  assert.deepEqual(errs(anyOf, {}), ['Invalid value: "": "spec" must validate at least one schema (anyOf)', 'spec.a: Required value']);
  assert.deepEqual(errs({ type: 'string', not: { enum: ['x'] } }, 'x'), ['Invalid value: "": "spec" must not validate the schema (not)']);
  assert.deepEqual(errs({ type: 'integer', allOf: [{ minimum: 2 }] }, 1), [
    'spec: Invalid value: 1: spec in body should be greater than or equal to 2',
    'Invalid value: "": "spec" must validate all the schemas (allOf). None validated',
  ]);
});

test('ratcheting: unchanged invalid values pass on update', () => {
  const s: JSONSchemaProps = { type: 'object', properties: { a: { type: 'integer', maximum: 3 }, b: { type: 'string' } } };
  assert.equal(errs(s, { a: 5, b: 'x' }).length, 1);
  assert.deepEqual(errs(s, { a: 5, b: 'y' }, { a: 5, b: 'x' }), []);
  assert.equal(errs(s, { a: 6, b: 'x' }, { a: 5, b: 'x' }).length, 1);
});
