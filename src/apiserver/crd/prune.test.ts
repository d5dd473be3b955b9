import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pruneNulls, pruneObject } from './prune.js';
import { applyDefaults } from './defaulting.js';
import type { JSONSchemaProps } from './types.js';

const schema: JSONSchemaProps = {
  type: 'object',
  properties: {
    spec: {
      type: 'object',
      properties: {
        size: { type: 'integer', default: 3 },
        name: { type: 'string' },
        opt: { type: 'string', nullable: true },
        free: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true, properties: { known: { type: 'object', properties: { a: { type: 'string' } } } } },
        labels: { type: 'object', additionalProperties: { type: 'string' } },
        list: { type: 'array', items: { type: 'object', properties: { x: { type: 'integer', default: 7 } } } },
      },
    },
  },
};

test('prunes unknown fields but keeps apiVersion, kind, metadata and preserved subtrees', () => {
  const obj = {
    apiVersion: 'a/v1',
    kind: 'K',
    metadata: { name: 'n' },
    top: 1,
    spec: { name: 'x', bogus: true, free: { anything: 1, known: { a: 'y', b: 'z' } }, labels: { a: 'b' }, list: [{ x: 1, y: 2 }] },
  };
  assert.deepEqual(pruneObject(obj, schema), ['spec.bogus', 'spec.free.known.b', 'spec.list[0].y', 'top']);
  assert.deepEqual(obj, {
    apiVersion: 'a/v1',
    kind: 'K',
    metadata: { name: 'n' },
    spec: { name: 'x', free: { anything: 1, known: { a: 'y' } }, labels: { a: 'b' }, list: [{ x: 1 }] },
  });
});

test('a root preserving unknown fields keeps everything', () => {
  const obj = { spec: { anything: 1 }, other: 2 };
  assert.deepEqual(pruneObject(obj, { type: 'object', 'x-kubernetes-preserve-unknown-fields': true }), []);
  assert.deepEqual(obj, { spec: { anything: 1 }, other: 2 });
});

test('defaults fill missing and non-nullable null fields, also in list items', () => {
  const obj: Record<string, unknown> = { spec: { size: null, list: [{}, { x: 2 }] } };
  applyDefaults(obj, schema);
  assert.deepEqual(obj, { spec: { size: 3, list: [{ x: 7 }, { x: 2 }] } });
  const empty: Record<string, unknown> = {};
  applyDefaults(empty, schema);
  assert.deepEqual(empty, {}, 'no default for spec itself, so nothing below it is created');
});

test('nulls are dropped unless nullable or defaulted', () => {
  const obj = { spec: { name: null, opt: null } };
  pruneNulls(obj, schema);
  assert.deepEqual(obj, { spec: { opt: null } });
});
