import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SchemaSet } from './set.js';
import { fieldErrors, findUnknownFields, prune, strictDecodingMessage } from './prune.js';
import { findDuplicateFields } from './duplicates.js';
import type { Schema } from './types.js';

const set = new SchemaSet();
const deployment = set.forGVK('apps', 'v1', 'Deployment')!;

function deploy(): Record<string, unknown> {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', labels: { app: 'web' }, bogus: 1 },
    spec: {
      replicas: 2,
      foo: true,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { containers: [{ name: 'c', image: 'nginx', imagePullPolicyx: 'Always', ports: [{ containerPort: 80, bad: 1 }] }] },
      },
    },
  };
}

test('unknown fields of a built-in kind, with upstream paths', () => {
  assert.deepEqual(findUnknownFields(deploy(), deployment, set.resolve), [
    'metadata.bogus',
    'spec.foo',
    'spec.template.spec.containers[0].imagePullPolicyx',
    'spec.template.spec.containers[0].ports[0].bad',
  ]);
});

test('a valid object has no unknown fields; maps, quantities, int-or-string and opaque values are open', () => {
  const pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', annotations: { a: 'b' }, managedFields: [{ manager: 'm', fieldsV1: { 'f:spec': { '.': {} } } }] },
    spec: {
      containers: [{ name: 'c', image: 'x', resources: { limits: { cpu: '1', memory: 1024 } }, ports: [{ containerPort: 80 }], livenessProbe: { httpGet: { port: 'http' } } }],
    },
    status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] },
  };
  assert.deepEqual(findUnknownFields(pod, set.forGVK('', 'v1', 'Pod')!, set.resolve), []);
  const rev = { apiVersion: 'apps/v1', kind: 'ControllerRevision', metadata: { name: 'r' }, revision: 1, data: { anything: { goes: [1] } } };
  assert.deepEqual(findUnknownFields(rev, set.forGVK('apps', 'v1', 'ControllerRevision')!, set.resolve), []);
});

test('prune removes unknown fields in place and returns their paths', () => {
  const obj = deploy();
  const removed = prune(obj, deployment, set.resolve);
  assert.equal(removed.length, 4);
  assert.deepEqual(findUnknownFields(obj, deployment, set.resolve), []);
  const spec = obj.spec as Record<string, unknown>;
  assert.equal('foo' in spec, false);
  assert.equal(spec.replicas, 2);
});

test('CRD-style schemas: preserve-unknown-fields, embedded resources and the resource root', () => {
  const schema: Schema = {
    type: 'object',
    properties: {
      spec: {
        type: 'object',
        properties: {
          size: { type: 'integer' },
          free: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
          partial: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true, properties: { known: { type: 'object', properties: { a: { type: 'string' } } } } },
          tmpl: { type: 'object', 'x-kubernetes-embedded-resource': true, properties: { spec: { type: 'object', properties: { x: { type: 'string' } } } } },
          byName: { type: 'object', additionalProperties: { type: 'object', properties: { v: { type: 'string' } } } },
        },
      },
    },
  };
  const obj = {
    apiVersion: 'example.com/v1',
    kind: 'Widget',
    metadata: { name: 'w', nope: 1 },
    spec: {
      size: 1,
      extra: 2,
      free: { any: { thing: 1 } },
      partial: { other: 1, known: { a: 'x', b: 'y' } },
      tmpl: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'x', weird: 1 }, spec: { x: 'y', z: 1 } },
      byName: { one: { v: 'a', w: 'b' } },
    },
  };
  assert.deepEqual(findUnknownFields(obj, schema, set.resolve, { resourceRoot: true }), [
    'metadata.nope',
    'spec.extra',
    'spec.partial.known.b',
    'spec.tmpl.metadata.weird',
    'spec.tmpl.spec.z',
    'spec.byName.one.w',
  ]);
  // Without resourceRoot, apiVersion/kind/metadata are unknown too.
  assert.deepEqual(findUnknownFields({ kind: 'X' }, schema, set.resolve), ['kind']);
});

test('allOf-wrapped references (OpenAPI v3 style) are followed', () => {
  const local = new SchemaSet({ Inner: { type: 'object', properties: { a: { type: 'string' } } } });
  const schema: Schema = { type: 'object', properties: { in: { allOf: [{ $ref: '#/components/schemas/Inner' }], description: 'd' } } };
  assert.deepEqual(findUnknownFields({ in: { a: 'x', b: 'y' } }, schema, local.resolve), ['in.b']);
});

test('duplicate fields and upstream messages', () => {
  const text = '{"metadata":{"name":"a","name":"b"},"spec":{"containers":[{"name":"c","image":"x","image":"y"}]},"spec":{}}';
  assert.deepEqual(findDuplicateFields(text), ['metadata.name', 'spec.containers[0].image', 'spec']);
  assert.deepEqual(findDuplicateFields('{"a":"x\\"y","b":[1,2,{"c":null}],"d":true}'), []);
  assert.deepEqual(findDuplicateFields('{"a":1,"a":'), ['a']);
  const errors = fieldErrors(['spec.foo', 'spec.bar'], ['metadata.name']);
  assert.deepEqual(errors, ['duplicate field "metadata.name"', 'unknown field "spec.foo"', 'unknown field "spec.bar"']);
  assert.equal(strictDecodingMessage(errors.slice(1)), 'strict decoding error: unknown field "spec.foo", unknown field "spec.bar"');
});
