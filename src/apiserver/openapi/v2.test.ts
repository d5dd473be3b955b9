import { test } from 'node:test';
import assert from 'node:assert/strict';
import { builtinResources } from '../kinds/builtin.js';
import { SchemaSet } from '../schema/set.js';
import { buildV2 } from './v2.js';

const set = new SchemaSet();
const doc = buildV2(builtinResources(), set);
type Obj = Record<string, any>;

test('v2 document shape', () => {
  assert.equal(doc.swagger, '2.0');
  assert.ok(doc.info.title && doc.info.version);
  assert.ok(Object.keys(doc.definitions).length > 500, 'every definition');
  assert.ok(doc.paths['/api/v1/']);
  assert.ok(doc.paths['/apis/apps/v1/']);
});

test('PATCH of a kind carries the GVK and the query parameters kubectl verifies', () => {
  const patch = doc.paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}']!.patch as Obj;
  assert.deepEqual(patch['x-kubernetes-group-version-kind'], { group: 'apps', kind: 'Deployment', version: 'v1' });
  assert.equal(patch['x-kubernetes-action'], 'patch');
  const names = (patch.parameters as Obj[]).map((p) => `${p.in}:${p.name}`);
  assert.deepEqual(names, ['body:body', 'query:dryRun', 'query:fieldManager', 'query:fieldValidation', 'query:force']);
  assert.deepEqual(patch.parameters[0].schema, { $ref: '#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.Patch' });
  assert.ok((patch.consumes as string[]).includes('application/apply-patch+yaml'));
  assert.deepEqual(patch.responses['200'].schema, { $ref: '#/definitions/io.k8s.api.apps.v1.Deployment' });
  const post = doc.paths['/api/v1/namespaces/{namespace}/pods']!.post as Obj;
  assert.ok((post.parameters as Obj[]).some((p) => p.name === 'fieldValidation' && p.in === 'query'));
  const pathParams = doc.paths['/api/v1/namespaces/{namespace}/pods/{name}']!.parameters as Obj[];
  assert.deepEqual(pathParams.map((p) => p.name), ['name', 'namespace', 'pretty']);
  assert.equal(pathParams[0].required, true);
});

test('every $ref in the document resolves', () => {
  const walk = (v: unknown): void => {
    if (!v || typeof v !== 'object') return;
    const ref = (v as Obj).$ref;
    if (typeof ref === 'string') assert.ok(doc.definitions[ref.replace('#/definitions/', '')], ref);
    for (const [k, c] of Object.entries(v)) if (k !== 'default' && k !== 'enum') walk(c);
  };
  walk(doc.paths);
  walk(doc.definitions);
});

test('v2 forms of special types; no v3-only keywords', () => {
  assert.deepEqual(
    { type: doc.definitions['io.k8s.apimachinery.pkg.util.intstr.IntOrString']!.type, format: doc.definitions['io.k8s.apimachinery.pkg.util.intstr.IntOrString']!.format },
    { type: 'string', format: 'int-or-string' },
  );
  assert.equal(doc.definitions['io.k8s.apimachinery.pkg.api.resource.Quantity']!.type, 'string');
  // (JSONSchemaProps has properties named oneOf/anyOf/nullable: walk schemas, not text.)
  const walk = (s: Obj, where: string): void => {
    for (const k of ['oneOf', 'anyOf', 'nullable', 'not']) assert.equal(s[k], undefined, `${where} has ${k}`);
    for (const c of Object.values((s.properties ?? {}) as Obj)) walk(c, where);
    if (s.items) walk(s.items, where);
    if (typeof s.additionalProperties === 'object') walk(s.additionalProperties, where);
  };
  for (const [n, d] of Object.entries(doc.definitions)) walk(d as Obj, n);
  assert.ok(!JSON.stringify(doc).includes('#/components/schemas/'));
});

test('CRD-style schemas are reduced to Swagger 2.0', () => {
  const local = new SchemaSet(set.definitions());
  local.add('com.example.v1.Widget', {
    type: 'object',
    'x-kubernetes-group-version-kind': [{ group: 'example.com', version: 'v1', kind: 'Widget' }],
    properties: {
      size: { 'x-kubernetes-int-or-string': true, anyOf: [{ type: 'integer' }, { type: 'string' }] },
      note: { type: 'string', nullable: true },
    },
  });
  const d = buildV2([], local);
  const w = d.definitions['com.example.v1.Widget']!;
  assert.deepEqual(w.properties!.size, { 'x-kubernetes-int-or-string': true });
  assert.deepEqual(w.properties!.note, {});
});
