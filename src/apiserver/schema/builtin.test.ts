import { test } from 'node:test';
import assert from 'node:assert/strict';
import { builtinDefinitions } from './builtin.js';
import { SchemaSet } from './set.js';
import type { Schema } from './types.js';

const defs = builtinDefinitions();
const set = new SchemaSet(defs);
const prop = (def: string, field: string): Schema => {
  const p = defs[def]?.properties?.[field];
  assert.ok(p, `${def}.${field} exists`);
  return p;
};

test('Pod spec.containers is a map list of Container keyed and merged by name', () => {
  const pod = set.forGVK('', 'v1', 'Pod');
  assert.ok(pod);
  assert.equal(pod.properties?.spec?.$ref, '#/definitions/io.k8s.api.core.v1.PodSpec');
  const containers = prop('io.k8s.api.core.v1.PodSpec', 'containers');
  assert.equal(containers.type, 'array');
  assert.equal(containers.items?.$ref, '#/definitions/io.k8s.api.core.v1.Container');
  assert.equal(containers['x-kubernetes-patch-strategy'], 'merge');
  assert.equal(containers['x-kubernetes-patch-merge-key'], 'name');
  assert.equal(containers['x-kubernetes-list-type'], 'map');
  assert.deepEqual(containers['x-kubernetes-list-map-keys'], ['name']);
  assert.deepEqual(defs['io.k8s.api.core.v1.PodSpec']?.required, ['containers']);
});

test('patch and list metadata of common fields', () => {
  const ports = prop('io.k8s.api.core.v1.Container', 'ports');
  assert.equal(ports['x-kubernetes-patch-merge-key'], 'containerPort');
  assert.deepEqual(ports['x-kubernetes-list-map-keys'], ['containerPort', 'protocol']);
  assert.equal(prop('io.k8s.api.core.v1.ContainerPort', 'protocol').default, 'TCP');
  assert.equal(prop('io.k8s.api.core.v1.PodSpec', 'volumes')['x-kubernetes-patch-strategy'], 'merge,retainKeys');
  assert.equal(prop('io.k8s.api.core.v1.Container', 'volumeMounts')['x-kubernetes-patch-merge-key'], 'mountPath');
  assert.equal(prop('io.k8s.api.core.v1.PodSpec', 'tolerations')['x-kubernetes-list-type'], 'atomic');
  const finalizers = prop('io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta', 'finalizers');
  assert.equal(finalizers['x-kubernetes-patch-strategy'], 'merge');
  assert.equal(finalizers['x-kubernetes-list-type'], 'set');
  assert.equal(prop('io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta', 'ownerReferences')['x-kubernetes-patch-merge-key'], 'uid');
  assert.deepEqual(prop('io.k8s.api.core.v1.ServiceSpec', 'ports')['x-kubernetes-list-map-keys'], ['port', 'protocol']);
  assert.equal(prop('io.k8s.api.apps.v1.DeploymentStatus', 'conditions')['x-kubernetes-patch-merge-key'], 'type');
  assert.equal(defs['io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector']?.['x-kubernetes-map-type'], 'atomic');
});

test('descriptions come from the JSDoc of kubernetes-types', () => {
  const meta = defs['io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta'];
  assert.match(meta?.description ?? '', /ObjectMeta is metadata that all persisted resources must have/);
  assert.match(prop('io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta', 'name').description ?? '', /Name must be unique within a namespace/);
  assert.match(prop('io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta', 'labels').description ?? '', /Map of string keys and values/);
});

test('types and formats follow upstream', () => {
  assert.deepEqual(
    { type: prop('io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta', 'generation').type, format: prop('io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta', 'generation').format },
    { type: 'integer', format: 'int64' },
  );
  assert.equal(prop('io.k8s.api.apps.v1.DeploymentSpec', 'replicas').format, 'int32');
  assert.equal(prop('io.k8s.api.core.v1.PodSpec', 'terminationGracePeriodSeconds').format, 'int64');
  assert.equal(prop('io.k8s.api.core.v1.PodSecurityContext', 'supplementalGroups').items?.format, 'int64');
  assert.deepEqual(prop('io.k8s.api.core.v1.Secret', 'data').additionalProperties, { type: 'string', format: 'byte' });
  const max = prop('io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaProps', 'maximum');
  assert.equal(max.type, 'number');
  assert.equal(max.format, 'double');
  assert.equal(prop('io.k8s.api.core.v1.Pod', 'kind').type, 'string');
  assert.equal(prop('io.k8s.api.core.v1.Pod', 'kind').enum, undefined);
  assert.deepEqual(prop('io.k8s.api.core.v1.Container', 'resources'), {
    $ref: '#/definitions/io.k8s.api.core.v1.ResourceRequirements',
    description: prop('io.k8s.api.core.v1.Container', 'resources').description,
  });
  assert.equal(prop('io.k8s.api.core.v1.ServicePort', 'targetPort').$ref, '#/definitions/io.k8s.apimachinery.pkg.util.intstr.IntOrString');
  assert.equal(defs['io.k8s.apimachinery.pkg.util.intstr.IntOrString']?.['x-kubernetes-int-or-string'], true);
  assert.equal(defs['io.k8s.apimachinery.pkg.api.resource.Quantity']?.['x-kubernetes-int-or-string'], true);
  assert.deepEqual(
    { type: defs['io.k8s.apimachinery.pkg.apis.meta.v1.Time']?.type, format: defs['io.k8s.apimachinery.pkg.apis.meta.v1.Time']?.format },
    { type: 'string', format: 'date-time' },
  );
  assert.equal(defs['io.k8s.apimachinery.pkg.runtime.RawExtension']?.['x-kubernetes-preserve-unknown-fields'], true);
});

test('kinds carry x-kubernetes-group-version-kind', () => {
  assert.deepEqual(defs['io.k8s.api.apps.v1.Deployment']?.['x-kubernetes-group-version-kind'], [{ group: 'apps', kind: 'Deployment', version: 'v1' }]);
  assert.deepEqual(defs['io.k8s.api.apps.v1.DeploymentList']?.['x-kubernetes-group-version-kind'], [{ group: 'apps', kind: 'DeploymentList', version: 'v1' }]);
  const del = defs['io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions']?.['x-kubernetes-group-version-kind'] ?? [];
  assert.ok(del.some((g) => g.group === '' && g.version === 'v1'));
  assert.ok(del.some((g) => g.group === 'apps' && g.version === 'v1'));
  assert.equal(defs['io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta']?.['x-kubernetes-group-version-kind'], undefined);
});

test('every $ref resolves', () => {
  const walk = (s: unknown, where: string): void => {
    if (typeof s !== 'object' || s === null) return;
    const ref = (s as Schema).$ref;
    // (JSONSchemaProps has a property named "$ref", whose value is a schema.)
    if (typeof ref === 'string') assert.ok(set.get(ref.replace('#/definitions/', '')), `${where}: ${ref}`);
    for (const [k, v] of Object.entries(s)) if (k !== 'default' && k !== 'enum') walk(v, where);
  };
  for (const [name, def] of Object.entries(defs)) walk(def, name);
});

test('JSONSchemaProps keeps the x-kubernetes-* fields kubernetes-types leaves out', () => {
  const p = defs['io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaProps']?.properties ?? {};
  for (const f of ['x-kubernetes-preserve-unknown-fields', 'x-kubernetes-embedded-resource', 'x-kubernetes-int-or-string', 'x-kubernetes-list-type', 'x-kubernetes-list-map-keys', 'x-kubernetes-map-type', 'x-kubernetes-validations']) {
    assert.ok(p[f], f);
  }
  assert.equal(p['x-kubernetes-validations']?.['x-kubernetes-patch-merge-key'], 'rule');
  assert.ok(defs['io.k8s.api.authorization.v1.ResourceRule']?.properties?.verbs);
  assert.ok(defs['io.k8s.api.admissionregistration.v1.RuleWithOperations']?.properties?.resources);
});
