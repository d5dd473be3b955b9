import { test } from 'node:test';
import assert from 'node:assert/strict';
import { crdToResourceDefs, deprecationWarning, storageVersionHash } from './resource-def.js';
import { cronTabCRD } from './testdata.js';
import { errorString } from '../validation/field.js';
import type { KubeObject, StrategyContext } from '../types.js';

const ctx: StrategyContext = { namespace: 'default', subresource: '', dryRun: false };

function cronTabDef() {
  const defs = crdToResourceDefs(cronTabCRD());
  assert.equal(defs.length, 1);
  return defs[0];
}

function cr(spec: Record<string, unknown>, extra: Partial<KubeObject> = {}): KubeObject {
  return { apiVersion: 'stable.example.com/v1', kind: 'CronTab', metadata: { name: 'my-new-cron-object', namespace: 'default' }, spec, ...extra };
}

test('one ResourceDef per served version with names, scope and subresources', () => {
  const def = cronTabDef();
  assert.equal(def.group, 'stable.example.com');
  assert.equal(def.version, 'v1');
  assert.equal(def.kind, 'CronTab');
  assert.equal(def.listKind, 'CronTabList');
  assert.equal(def.plural, 'crontabs');
  assert.equal(def.singular, 'crontab');
  assert.equal(def.namespaced, true);
  assert.deepEqual(def.shortNames, ['ct']);
  assert.deepEqual(def.subresources, {
    status: true,
    scale: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas', labelSelectorPath: '.status.labelSelector' },
  });
  assert.equal(def.storageVersionHash, storageVersionHash('stable.example.com', 'v1', 'CronTab'));
  assert.equal(def.strategy.schemaFor()?.properties?.spec?.properties?.replicas?.type, 'integer');
  const crd = cronTabCRD();
  crd.spec!.versions![0].served = false;
  assert.deepEqual(crdToResourceDefs(crd), []);
});

test('custom resources are defaulted, pruned and validated', () => {
  const { strategy } = cronTabDef();
  const obj = cr({ cronSpec: '* * * * */5', image: 'my-awesome-cron-image', unknown: 1 }, { extra: true });
  (obj.metadata as Record<string, unknown>).bogus = 'x';
  strategy.defaults!(obj);
  assert.deepEqual(obj.spec, { cronSpec: '* * * * */5', image: 'my-awesome-cron-image', replicas: 1 });
  assert.equal('extra' in obj, false);
  assert.deepEqual(strategy.unknownFields(obj), ['metadata.bogus', 'extra', 'spec.unknown']);
  assert.deepEqual(strategy.validate!(obj, ctx), []);

  const bad = cr({ cronSpec: 'every minute', replicas: 'two' });
  strategy.defaults!(bad);
  assert.deepEqual(strategy.validate!(bad, ctx).map(errorString), [
    `spec.cronSpec: Invalid value: "every minute": spec.cronSpec in body should match '^(\\d+|\\*)(/\\d+)?(\\s+(\\d+|\\*)(/\\d+)?){4}$'`,
    'spec.replicas: Invalid value: "string": spec.replicas in body must be of type integer: "string"',
    '.spec.replicas: Invalid value: 0: .spec.replicas accessor error: two is of the type string, expected int64',
  ]);
  const tooMany = cr({ replicas: 11 });
  assert.deepEqual(strategy.validate!(tooMany, ctx).map(errorString), ['spec.replicas: Invalid value: 11: spec.replicas in body should be less than or equal to 10']);
});

test('metadata name and type meta are checked', () => {
  const { strategy } = cronTabDef();
  const obj = cr({});
  obj.metadata!.name = 'Bad_Name';
  assert.match(errorString(strategy.validate!(obj, ctx)[0]), /^metadata\.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain/);
  const wrongKind = cr({}, { kind: 'Other' });
  assert.deepEqual(strategy.validate!(wrongKind, ctx).map(errorString), ['kind: Invalid value: "Other": must be CronTab']);
});

test('status subresource: main writes keep status, status writes keep spec', () => {
  const { strategy } = cronTabDef();
  const created = cr({ replicas: 2 }, { status: { replicas: 5 } });
  strategy.prepareForCreate!(created, ctx);
  assert.equal('status' in created, false);

  const old = cr({ replicas: 2 }, { status: { replicas: 1 } });
  const upd = cr({ replicas: 3 }, { status: { replicas: 9 } });
  strategy.prepareForUpdate!(upd, old, ctx);
  assert.deepEqual(upd.status, { replicas: 1 });
  assert.equal(strategy.specChanged!(upd, old), true);

  const sameSpec = cr({ replicas: 2 }, { status: { replicas: 7 } });
  strategy.prepareForUpdate!(sameSpec, old, ctx);
  assert.equal(strategy.specChanged!(sameSpec, old), false);

  const st = cr({ replicas: 8 }, { status: { replicas: 4 } });
  st.metadata!.labels = { changed: 'yes' };
  strategy.prepareForStatusUpdate!(st, old, { ...ctx, subresource: 'status' });
  assert.deepEqual(st.spec, { replicas: 2 });
  assert.deepEqual(st.status, { replicas: 4 });
  assert.equal(st.metadata!.labels, undefined);

  const badStatus = cr({ replicas: 2 }, { status: { replicas: 'x' } });
  assert.deepEqual(strategy.validateStatusUpdate!(badStatus, old, ctx).map(errorString), [
    'status.replicas: Invalid value: "string": replicas in body must be of type integer: "string"',
    '.status.replicas: Invalid value: 0: .status.replicas accessor error: x is of the type string, expected int64',
  ]);
});

test('without a status subresource, status changes bump the generation', () => {
  const crd = cronTabCRD();
  delete crd.spec!.versions![0].subresources;
  const { strategy } = crdToResourceDefs(crd)[0];
  const old = cr({ replicas: 2 }, { status: { replicas: 1 } });
  const upd = cr({ replicas: 2 }, { status: { replicas: 2 } });
  strategy.prepareForUpdate!(upd, old, ctx);
  assert.deepEqual(upd.status, { replicas: 2 });
  assert.equal(strategy.specChanged!(upd, old), true);
});

test('list-type set and map uniqueness', () => {
  const crd = cronTabCRD();
  const spec = crd.spec!.versions![0].schema!.openAPIV3Schema!.properties!.spec;
  spec.properties!.tags = { type: 'array', 'x-kubernetes-list-type': 'set', items: { type: 'string' } };
  spec.properties!.ports = {
    type: 'array',
    'x-kubernetes-list-type': 'map',
    'x-kubernetes-list-map-keys': ['name'],
    items: { type: 'object', required: ['name'], properties: { name: { type: 'string' }, port: { type: 'integer' } } },
  };
  const { strategy } = crdToResourceDefs(crd)[0];
  const obj = cr({ tags: ['a', 'b', 'a'], ports: [{ name: 'http', port: 80 }, { name: 'http', port: 81 }] });
  assert.deepEqual(strategy.validate!(obj, ctx).map(errorString), [
    'spec.tags[2]: Duplicate value: "a"',
    'spec.ports[1]: Duplicate value: {"name":"http"}',
  ]);
});

test('selectable fields become field labels', () => {
  const crd = cronTabCRD();
  crd.spec!.versions![0].selectableFields = [{ jsonPath: '.spec.image' }];
  const { strategy } = crdToResourceDefs(crd)[0];
  assert.deepEqual(strategy.fieldLabels!(cr({ image: 'nginx' })), { 'spec.image': 'nginx' });
  assert.deepEqual(strategy.fieldLabels!(cr({})), { 'spec.image': '' });
});

test('deprecated versions get upstream warnings', () => {
  const crd = cronTabCRD();
  const v1beta1 = { ...crd.spec!.versions![0], name: 'v1beta1', storage: false, deprecated: true };
  crd.spec!.versions!.push(v1beta1);
  assert.equal(deprecationWarning(crd, v1beta1), 'stable.example.com/v1beta1 CronTab is deprecated; use stable.example.com/v1 CronTab');
  assert.equal(crdToResourceDefs(crd)[1].deprecationWarning, 'stable.example.com/v1beta1 CronTab is deprecated; use stable.example.com/v1 CronTab');
  assert.equal(crdToResourceDefs(crd)[0].deprecationWarning, undefined);
});
