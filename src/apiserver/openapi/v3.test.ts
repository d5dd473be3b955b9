import { test } from 'node:test';
import assert from 'node:assert/strict';
import { builtinResources } from '../kinds/builtin.js';
import { SchemaSet } from '../schema/set.js';
import { buildV3 } from './v3.js';

const docs = buildV3(builtinResources(), new SchemaSet());
type Obj = Record<string, any>;

test('one document per served group version', () => {
  const keys = [...docs.keys()];
  for (const k of ['api/v1', 'apis/apps/v1', 'apis/batch/v1', 'apis/rbac.authorization.k8s.io/v1', 'apis/apiextensions.k8s.io/v1']) assert.ok(keys.includes(k), k);
  const apps = docs.get('apis/apps/v1')!;
  assert.equal(apps.openapi, '3.0.0');
  assert.ok(Object.keys(apps.paths).every((p) => p.startsWith('/apis/apps/v1/')));
});

test('components hold the kinds (with GVK) and everything they reach, and nothing else', () => {
  const apps = docs.get('apis/apps/v1')!;
  const schemas = apps.components.schemas;
  assert.deepEqual(schemas['io.k8s.api.apps.v1.Deployment']?.['x-kubernetes-group-version-kind'], [{ group: 'apps', kind: 'Deployment', version: 'v1' }]);
  for (const n of ['io.k8s.api.core.v1.PodSpec', 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta', 'io.k8s.api.autoscaling.v1.Scale', 'io.k8s.apimachinery.pkg.apis.meta.v1.Patch', 'io.k8s.apimachinery.pkg.apis.meta.v1.WatchEvent']) {
    assert.ok(schemas[n], n);
  }
  assert.equal(schemas['io.k8s.api.batch.v1.Job'], undefined);
  const text = JSON.stringify(apps);
  for (const m of text.matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)) assert.ok(schemas[m[1]!], m[1]);
  assert.ok(!text.includes('#/definitions/'));
});

test('references with siblings are wrapped in allOf; int-or-string uses oneOf', () => {
  const schemas = docs.get('apis/apps/v1')!.components.schemas;
  const template = schemas['io.k8s.api.apps.v1.DeploymentSpec']!.properties!.template as Obj;
  assert.deepEqual(template.allOf, [{ $ref: '#/components/schemas/io.k8s.api.core.v1.PodTemplateSpec' }]);
  assert.equal(typeof template.description, 'string');
  assert.deepEqual(schemas['io.k8s.api.core.v1.PodSpec']!.properties!.containers!.items, { $ref: '#/components/schemas/io.k8s.api.core.v1.Container' });
  assert.equal(schemas['io.k8s.api.core.v1.PodSpec']!.properties!.containers!['x-kubernetes-patch-merge-key'], 'name');
  const ios = schemas['io.k8s.apimachinery.pkg.util.intstr.IntOrString'] as Obj;
  assert.deepEqual(ios.oneOf, [{ type: 'integer' }, { type: 'string' }]);
  assert.equal(ios.format, 'int-or-string');
});

test('PATCH operations: GVK, strategic merge content type, fieldValidation parameter', () => {
  const patch = docs.get('apis/apps/v1')!.paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}']!.patch as Obj;
  assert.deepEqual(patch['x-kubernetes-group-version-kind'], { group: 'apps', kind: 'Deployment', version: 'v1' });
  assert.ok(patch.requestBody.content['application/strategic-merge-patch+json']);
  assert.equal(patch.requestBody.required, true);
  const fv = (patch.parameters as Obj[]).find((p) => p.name === 'fieldValidation');
  assert.deepEqual({ in: fv?.in, schema: fv?.schema }, { in: 'query', schema: { type: 'string', uniqueItems: true } });
  assert.deepEqual(patch.responses['200'].content['application/json'].schema, { $ref: '#/components/schemas/io.k8s.api.apps.v1.Deployment' });
  const core = docs.get('api/v1')!;
  assert.ok(core.paths['/api/v1/']?.get);
  assert.ok(core.paths['/api/v1/namespaces/{namespace}/pods/{name}/status']?.patch);
});
