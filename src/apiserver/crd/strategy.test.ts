import { test } from 'node:test';
import assert from 'node:assert/strict';
import { crdStrategy } from './strategy.js';
import { strategies } from '../kinds/apiextensions/index.js';
import { cronTabCRD } from './testdata.js';
import { errorString } from '../validation/field.js';
import type { CustomResourceDefinition } from './types.js';
import type { StrategyContext } from '../types.js';

const ctx: StrategyContext = { namespace: '', subresource: '', dryRun: false };

function create(crd: CustomResourceDefinition): string[] {
  crdStrategy.defaults!(crd);
  crdStrategy.prepareForCreate!(crd, ctx);
  return crdStrategy.validate!(crd, ctx).map(errorString);
}

test('registered as the CustomResourceDefinition strategy', () => {
  assert.equal(strategies.CustomResourceDefinition, crdStrategy);
});

test('the CronTab example is valid and gets defaults and status', () => {
  const crd = cronTabCRD();
  delete crd.spec!.names!.singular;
  assert.deepEqual(create(crd), []);
  assert.equal(crd.spec!.names!.singular, 'crontab');
  assert.equal(crd.spec!.names!.listKind, 'CronTabList');
  assert.deepEqual(crd.spec!.conversion, { strategy: 'None' });
  assert.deepEqual(crd.status!.storedVersions, ['v1']);
  assert.deepEqual(crd.status!.acceptedNames, crd.spec!.names);
  const conds = Object.fromEntries(crd.status!.conditions!.map((c) => [c.type, c.status]));
  assert.deepEqual(conds, { NamesAccepted: 'True', Established: 'True' });
});

test('bad names, group, scope and versions give upstream errors', () => {
  const crd = cronTabCRD();
  crd.metadata!.name = 'crontabs.example';
  crd.spec!.group = 'example';
  crd.spec!.scope = 'Global';
  crd.spec!.names!.plural = 'CronTabs';
  crd.spec!.names!.kind = 'Cron_Tab';
  crd.spec!.versions!.push({ ...crd.spec!.versions![0] });
  const errs = create(crd);
  assert.ok(errs.includes('metadata.name: Invalid value: "crontabs.example": must be spec.names.plural+"."+spec.group'), errs.join('\n'));
  assert.ok(errs.includes('spec.group: Invalid value: "example": should be a domain with at least one dot'));
  assert.ok(errs.includes('spec.scope: Unsupported value: "Global": supported values: "Cluster", "Namespaced"'));
  assert.ok(errs.some((e) => e.startsWith('spec.versions: Invalid value: ') && e.endsWith('must contain unique version names')));
  assert.ok(errs.some((e) => e.endsWith('must have exactly one version marked as storage version')));
  assert.ok(
    errs.includes(
      `spec.names.plural: Invalid value: "CronTabs": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')`,
    ),
  );
  assert.ok(errs.some((e) => e.startsWith('spec.names.kind: Invalid value: "Cron_Tab": may have mixed case, but should otherwise match: a DNS-1035 label')));
});

test('schema is required and must be structural', () => {
  const noSchema = cronTabCRD();
  delete noSchema.spec!.versions![0].schema;
  assert.ok(create(noSchema).includes('spec.versions[0].schema.openAPIV3Schema: Required value'));

  const crd = cronTabCRD();
  const root = crd.spec!.versions![0].schema!.openAPIV3Schema!;
  root.properties!.spec.properties!.foo = { description: 'untyped' };
  root.properties!.metadata = { type: 'object', properties: { labels: { type: 'object' } } };
  const errs = create(crd);
  assert.ok(errs.includes('spec.validation.openAPIV3Schema.properties[spec].properties[foo].type: Required value: must not be empty for specified object fields'), errs.join('\n'));
  assert.ok(errs.includes('spec.validation.openAPIV3Schema.properties[metadata]: Forbidden: must not specify anything other than name and generateName, but metadata is implicitly specified'));
});

test('metadata may name name and generateName; int-or-string needs no type', () => {
  const crd = cronTabCRD();
  const root = crd.spec!.versions![0].schema!.openAPIV3Schema!;
  root.properties!.metadata = { type: 'object', properties: { name: { type: 'string', maxLength: 20 } } };
  root.properties!.spec.properties!.port = { 'x-kubernetes-int-or-string': true, anyOf: [{ type: 'integer' }, { type: 'string' }] };
  root.properties!.spec.properties!.extra = { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };
  assert.deepEqual(create(crd), []);
});

test('defaults must validate and be pruned', () => {
  const crd = cronTabCRD();
  const spec = crd.spec!.versions![0].schema!.openAPIV3Schema!.properties!.spec;
  spec.properties!.replicas.default = 'one';
  spec.properties!.nested = { type: 'object', properties: { a: { type: 'string' } }, default: { a: 'x', b: 'y' } };
  const errs = create(crd);
  assert.ok(
    errs.includes('spec.validation.openAPIV3Schema.properties[spec].properties[replicas].default: Invalid value: "string":  in body must be of type integer: "string"'),
    errs.join('\n'),
  );
  assert.ok(errs.some((e) => e.startsWith('spec.validation.openAPIV3Schema.properties[spec].properties[nested].default: Invalid value: ') && e.endsWith('must not have unknown fields')));
});

test('forbidden schema features, subresources and printer columns', () => {
  const crd = cronTabCRD();
  const v = crd.spec!.versions![0];
  v.schema!.openAPIV3Schema!.properties!.spec.properties!.tags = { type: 'array', items: { type: 'string' }, uniqueItems: true };
  v.schema!.openAPIV3Schema!.properties!.spec.properties!.ref = { type: 'string', $ref: '#/definitions/x' };
  v.subresources!.scale = { specReplicasPath: 'spec.replicas', statusReplicasPath: '.spec.replicas' };
  v.additionalPrinterColumns = [{ name: 'X', type: 'color', jsonPath: '' }];
  const errs = create(crd);
  assert.ok(errs.includes('spec.validation.openAPIV3Schema.properties[spec].properties[tags].uniqueItems: Forbidden: uniqueItems cannot be set to true since the runtime complexity becomes quadratic'), errs.join('\n'));
  assert.ok(errs.includes('spec.validation.openAPIV3Schema.properties[spec].properties[ref].$ref: Forbidden: $ref is not supported'));
  assert.ok(errs.includes('spec.subresources.scale.specReplicasPath: Invalid value: "spec.replicas": must be a simple json path starting with .'));
  assert.ok(errs.includes('spec.subresources.scale.statusReplicasPath: Invalid value: ".spec.replicas": should be a json path under .status'));
  assert.ok(errs.includes('spec.additionalPrinterColumns[0].type: Invalid value: "color": must be one of boolean,date,integer,number,string'));
  assert.ok(errs.includes('spec.additionalPrinterColumns[0].JSONPath: Required value'));
});

test('per-version differences are reported under spec.versions[i]', () => {
  const crd = cronTabCRD();
  const v2 = JSON.parse(JSON.stringify(crd.spec!.versions![0]));
  v2.name = 'v2';
  v2.storage = false;
  v2.schema.openAPIV3Schema.properties.spec.properties.bad = {};
  crd.spec!.versions!.push(v2);
  const errs = create(crd);
  assert.deepEqual(errs, ['spec.versions[1].schema.openAPIV3Schema.properties[spec].properties[bad].type: Required value: must not be empty for specified object fields']);
});

test('status subresource restricts the schema root', () => {
  const crd = cronTabCRD();
  crd.spec!.versions![0].schema!.openAPIV3Schema!.anyOf = [{ required: ['spec'] }];
  const errs = create(crd);
  assert.ok(errs.some((e) => e.startsWith('spec.validation.openAPIV3Schema: Invalid value: ') && e.includes('fields are allowed at the root of the schema if the status subresource is enabled')), errs.join('\n'));
});

test('protected groups need the approval annotation', () => {
  const crd = cronTabCRD();
  crd.spec!.group = 'stable.k8s.io';
  crd.metadata!.name = 'crontabs.stable.k8s.io';
  assert.deepEqual(create(crd), [
    'metadata.annotations[api-approved.kubernetes.io]: Required value: protected groups must have approval annotation "api-approved.kubernetes.io", see https://github.com/kubernetes/enhancements/pull/1111',
  ]);
});

test('update keeps status, adds new storage versions and protects immutable fields', () => {
  const old = cronTabCRD();
  create(old);
  const next = cronTabCRD();
  next.spec!.group = 'other.example.com';
  next.spec!.scope = 'Cluster';
  crdStrategy.defaults!(next);
  crdStrategy.prepareForUpdate!(next, old, ctx);
  assert.deepEqual(next.status!.storedVersions, ['v1']);
  const errs = crdStrategy.validateUpdate!(next, old, ctx).map(errorString);
  assert.ok(errs.includes('spec.group: Invalid value: "other.example.com": field is immutable'), errs.join('\n'));
  assert.ok(errs.includes('spec.scope: Invalid value: "Cluster": field is immutable'));
});

test('warnings for unrecognized formats', () => {
  const crd = cronTabCRD();
  crd.spec!.versions![0].schema!.openAPIV3Schema!.properties!.spec.properties!.image.format = 'docker-image';
  assert.deepEqual(crdStrategy.warnings!(crd, undefined), ['unrecognized format "docker-image"']);
});
