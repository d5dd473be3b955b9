import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject, ManagedFieldsEntry } from '../types.js';
import { ApplyBadRequestError, ApplyConflictError } from './conflicts.js';
import { type ApplyOptions, applyPatch, defaultManagerFromUserAgent, defaultResetFields, updateManagedFields } from './managed-fields.js';
import { configMapSchema, deploymentSchema, resolveTestRef } from './testdata.js';

const T0 = new Date('2010-10-10T00:00:00.123Z');
const T1 = new Date('2019-03-30T16:00:00Z');

const cmOpts = (manager: string, extra: Partial<ApplyOptions> = {}): ApplyOptions => ({
  manager,
  force: false,
  schema: configMapSchema,
  resolve: resolveTestRef,
  apiVersion: 'v1',
  now: T0,
  ...extra,
});
const depOpts = (manager: string, extra: Partial<ApplyOptions> = {}): ApplyOptions => ({
  ...cmOpts(manager, extra),
  schema: deploymentSchema,
  apiVersion: 'apps/v1',
  ...extra,
});

const cm = (extra: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'test-cm', namespace: 'default', labels: { 'test-label': 'test' } },
  data: { key: 'some value' },
  ...extra,
});

/** What the store would add on create. */
function created(obj: KubeObject): KubeObject {
  return { ...obj, metadata: { ...obj.metadata, uid: 'u-1', resourceVersion: '1', creationTimestamp: '2010-10-10T00:00:00Z' } };
}

const entry = (obj: KubeObject, manager: string): ManagedFieldsEntry | undefined => obj.metadata?.managedFields?.find((e) => e.manager === manager);

const deployment = (spec: Record<string, unknown>, meta: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', ...meta },
  spec,
});
const withContainers = (containers: unknown[], extra: Record<string, unknown> = {}) => deployment({ ...extra, template: { spec: { containers } } });

describe('applyPatch', () => {
  it('creates an object with the docs example managedFields', () => {
    const out = applyPatch(undefined, cm(), cmOpts('kubectl'));
    assert.deepEqual(out.metadata?.managedFields, [
      {
        manager: 'kubectl',
        operation: 'Apply',
        apiVersion: 'v1',
        time: '2010-10-10T00:00:00Z',
        fieldsType: 'FieldsV1',
        fieldsV1: { 'f:data': { 'f:key': {} }, 'f:metadata': { 'f:labels': { 'f:test-label': {} } } },
      },
    ]);
    assert.equal(JSON.stringify(out.metadata?.managedFields?.[0]?.fieldsV1), '{"f:data":{"f:key":{}},"f:metadata":{"f:labels":{"f:test-label":{}}}}');
    assert.deepEqual(out.data, { key: 'some value' });
    assert.deepEqual(Object.keys(out.metadata?.managedFields?.[0] ?? {}), ['manager', 'operation', 'apiVersion', 'time', 'fieldsType', 'fieldsV1']);
  });

  it('removes fields the applier owned and no longer specifies', () => {
    const live = created(applyPatch(undefined, cm({ data: { key: 'v', other: 'o' } }), cmOpts('kubectl')));
    const next = cm({ data: { key: 'v' } });
    delete next.metadata!.labels;
    const out = applyPatch(live, next, cmOpts('kubectl', { now: T1 }));
    assert.deepEqual(out.data, { key: 'v' });
    assert.equal(out.metadata?.labels, undefined, 'emptied label map is dropped');
    assert.equal(out.metadata?.uid, 'u-1', 'unowned live fields stay');
    assert.deepEqual(entry(out, 'kubectl')?.fieldsV1, { 'f:data': { 'f:key': {} } });
    assert.equal(entry(out, 'kubectl')?.time, '2019-03-30T16:00:00Z');
  });

  it('refuses to change a field another applier owns, with upstream message and causes', () => {
    const live = created(applyPatch(undefined, deployment({ replicas: 2 }), depOpts('alice')));
    assert.throws(
      () => applyPatch(live, deployment({ replicas: 3 }), depOpts('bob')),
      (err: unknown) => {
        assert.ok(err instanceof ApplyConflictError);
        assert.equal(err.code, 409);
        assert.equal(err.reason, 'Conflict');
        assert.equal(err.message, 'Apply failed with 1 conflict: conflict with "alice": .spec.replicas');
        assert.deepEqual(err.toStatus().details?.causes, [{ reason: 'FieldManagerConflict', message: 'conflict with "alice"', field: '.spec.replicas' }]);
        return true;
      },
    );
  });

  it('names Update managers with their apiVersion and groups many conflicts per manager', () => {
    const base = created(deployment({ replicas: 1, paused: false }));
    base.metadata!.managedFields = [];
    const byCsa = updateManagedFields(undefined, base, depOpts('kubectl-client-side-apply'));
    const withStatus = updateManagedFields(byCsa, { ...byCsa, status: { replicas: 1 } }, depOpts('kube-controller-manager', { subresource: 'status' }));
    assert.throws(
      () => applyPatch(withStatus, { ...deployment({ replicas: 5, paused: true }), status: { replicas: 9 } }, depOpts('me')),
      (err: unknown) => {
        assert.ok(err instanceof ApplyConflictError);
        assert.equal(
          err.message,
          'Apply failed with 3 conflicts: conflicts with "kube-controller-manager" with subresource "status" using apps/v1:\n- .status.replicas\n' +
            'conflicts with "kubectl-client-side-apply" using apps/v1:\n- .spec.paused\n- .spec.replicas',
        );
        assert.equal(err.conflicts.length, 3);
        return true;
      },
    );
  });

  it('force moves ownership to the applier', () => {
    const live = created(applyPatch(undefined, deployment({ replicas: 2, paused: false }), depOpts('alice')));
    const out = applyPatch(live, deployment({ replicas: 3 }), depOpts('bob', { force: true }));
    assert.equal((out['spec'] as { replicas: number }).replicas, 3);
    assert.deepEqual(entry(out, 'alice')?.fieldsV1, { 'f:spec': { 'f:paused': {} } });
    assert.deepEqual(entry(out, 'bob')?.fieldsV1, { 'f:spec': { 'f:replicas': {} } });
  });

  it('shares ownership of equal values; a sharer leaving does not remove the field', () => {
    let live = created(applyPatch(undefined, deployment({ replicas: 2 }), depOpts('alice')));
    live = applyPatch(live, deployment({ replicas: 2 }), depOpts('bob'));
    assert.deepEqual(entry(live, 'alice')?.fieldsV1, { 'f:spec': { 'f:replicas': {} } });
    assert.deepEqual(entry(live, 'bob')?.fieldsV1, { 'f:spec': { 'f:replicas': {} } });
    assert.throws(() => applyPatch(live, deployment({ replicas: 4 }), depOpts('alice')), ApplyConflictError);
    const out = applyPatch(live, deployment({ paused: true }), depOpts('alice'));
    assert.equal((out['spec'] as { replicas: number }).replicas, 2);
    assert.deepEqual(entry(out, 'alice')?.fieldsV1, { 'f:spec': { 'f:paused': {} } });
    assert.deepEqual(entry(out, 'bob')?.fieldsV1, { 'f:spec': { 'f:replicas': {} } });
  });

  it("merges list-map items per key and keeps other managers' items", () => {
    let live = created(applyPatch(undefined, withContainers([{ name: 'a', image: 'a:1' }]), depOpts('alice')));
    live = applyPatch(live, withContainers([{ name: 'b', image: 'b:1', ports: [{ containerPort: 80 }] }]), depOpts('bob'));
    const names = (o: KubeObject) =>
      ((o['spec'] as { template: { spec: { containers: Array<{ name: string }> } } }).template.spec.containers ?? []).map((c) => c.name);
    assert.deepEqual(names(live), ['a', 'b']);
    assert.deepEqual(entry(live, 'bob')?.fieldsV1, {
      'f:spec': {
        'f:template': {
          'f:spec': {
            'f:containers': {
              'k:{"name":"b"}': {
                'f:image': {},
                'f:name': {},
                'f:ports': { 'k:{"containerPort":80,"protocol":"TCP"}': { 'f:containerPort': {}, '.': {} } },
                '.': {},
              },
            },
          },
        },
      },
    });
    // alice drops her container: it goes, bob's stays.
    const out = applyPatch(live, deployment({ replicas: 1 }), depOpts('alice'));
    assert.deepEqual(names(out), ['b']);
  });

  it('does not grant ownership of reset fields (status on the main resource)', () => {
    const opts = depOpts('alice', { resetFields: defaultResetFields('', true) });
    const out = applyPatch(undefined, { ...deployment({ replicas: 1 }), status: { replicas: 7 } }, opts);
    assert.deepEqual(entry(out, 'alice')?.fieldsV1, { 'f:spec': { 'f:replicas': {} } });
    assert.deepEqual(defaultResetFields('status', true), [['spec']]);
    assert.deepEqual(defaultResetFields('', false), []);
  });

  it('gives pre-existing untracked fields to before-first-apply', () => {
    const live = created(deployment({ replicas: 1 }));
    assert.throws(
      () => applyPatch(live, deployment({ replicas: 2 }), depOpts('alice')),
      /conflict with "before-first-apply" using apps\/v1: \.spec\.replicas/,
    );
    const out = applyPatch(live, deployment({ replicas: 1, paused: true }), depOpts('alice'));
    assert.deepEqual(entry(out, 'before-first-apply')?.fieldsV1, { 'f:spec': { 'f:replicas': {} } });
  });

  it('refuses managedFields in the body and the wrong apiVersion/kind', () => {
    const bad = cm();
    bad.metadata!.managedFields = [];
    assert.throws(() => applyPatch(undefined, bad, cmOpts('x')), (e: unknown) => e instanceof ApplyBadRequestError && e.message === 'metadata.managedFields must be nil');
    assert.throws(
      () => applyPatch(undefined, { ...cm(), apiVersion: 'v2' }, cmOpts('x', { kind: 'ConfigMap' })),
      (e: unknown) =>
        e instanceof ApplyBadRequestError &&
        e.code === 400 &&
        e.message === 'Incorrect version specified in apply patch. Specified patch version: v2, Kind=ConfigMap, expected: v1, Kind=ConfigMap',
    );
  });

  it('sorts Apply entries before Update entries, then by time and manager', () => {
    let live = created(applyPatch(undefined, cm(), cmOpts('zeta')));
    live = updateManagedFields(live, { ...live, data: { key: 'new' } }, cmOpts('kube-controller-manager', { now: T1 }));
    live = applyPatch(live, cm({ data: undefined, metadata: { name: 'test-cm', labels: { b: '1' } } }), cmOpts('alpha', { now: T1 }));
    assert.deepEqual(
      live.metadata?.managedFields?.map((e) => `${e.operation}:${e.manager}`),
      ['Apply:zeta', 'Apply:alpha', 'Update:kube-controller-manager'],
    );
  });
});

describe('client-side apply migration (manager "kubectl")', () => {
  const lastApplied = (replicas: number) => `{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},"spec":{"replicas":${replicas}}}\n`;
  function csaObject(liveReplicas: number): KubeObject {
    const obj = created(deployment({ replicas: liveReplicas }, { annotations: { 'kubectl.kubernetes.io/last-applied-configuration': lastApplied(2) } }));
    obj.metadata!.managedFields = [];
    return updateManagedFields(undefined, obj, depOpts('kubectl-client-side-apply'));
  }

  it('forgives conflicts on fields the annotation still describes and refreshes the annotation', () => {
    const out = applyPatch(csaObject(2), deployment({ replicas: 3 }), depOpts('kubectl'));
    assert.equal((out['spec'] as { replicas: number }).replicas, 3);
    assert.deepEqual(entry(out, 'kubectl')?.fieldsV1, { 'f:spec': { 'f:replicas': {} } });
    assert.equal(
      out.metadata?.annotations?.['kubectl.kubernetes.io/last-applied-configuration'],
      '{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},"spec":{"replicas":3}}\n',
    );
  });

  it('still conflicts for other managers or fields changed since the last client-side apply', () => {
    assert.throws(() => applyPatch(csaObject(2), deployment({ replicas: 3 }), depOpts('my-manager')), ApplyConflictError);
    assert.throws(() => applyPatch(csaObject(5), deployment({ replicas: 3 }), depOpts('kubectl')), ApplyConflictError);
  });
});

describe('updateManagedFields', () => {
  it('tracks a create as an Update entry ("." marks maps and items that did not exist)', () => {
    const obj = withContainers([{ name: 'nginx', image: 'nginx' }], { replicas: 1 });
    obj.metadata!.labels = { app: 'web' };
    const out = updateManagedFields(undefined, obj, depOpts('kubectl-create'));
    assert.deepEqual(out.metadata?.managedFields, [
      {
        manager: 'kubectl-create',
        operation: 'Update',
        apiVersion: 'apps/v1',
        time: '2010-10-10T00:00:00Z',
        fieldsType: 'FieldsV1',
        fieldsV1: {
          'f:metadata': { 'f:labels': { 'f:app': {}, '.': {} } },
          'f:spec': {
            'f:replicas': {},
            'f:template': { 'f:spec': { 'f:containers': { 'k:{"name":"nginx"}': { 'f:image': {}, 'f:name': {}, '.': {} }, '.': {} }, '.': {} }, '.': {} },
          },
        },
      },
    ]);
  });

  it('moves ownership of changed fields to the updater (docs multi-manager example)', () => {
    const live = created(applyPatch(undefined, cm(), cmOpts('kubectl')));
    const out = updateManagedFields(live, { ...live, data: { key: 'new value' } }, cmOpts('kube-controller-manager', { now: T1 }));
    assert.deepEqual(out.metadata?.managedFields, [
      {
        manager: 'kubectl',
        operation: 'Apply',
        apiVersion: 'v1',
        time: '2010-10-10T00:00:00Z',
        fieldsType: 'FieldsV1',
        fieldsV1: { 'f:metadata': { 'f:labels': { 'f:test-label': {} } } },
      },
      {
        manager: 'kube-controller-manager',
        operation: 'Update',
        apiVersion: 'v1',
        time: '2019-03-30T16:00:00Z',
        fieldsType: 'FieldsV1',
        fieldsV1: { 'f:data': { 'f:key': {} } },
      },
    ]);
    const noop = updateManagedFields(out, structuredClone(out), cmOpts('someone', { now: new Date('2030-01-01T00:00:00Z') }));
    assert.deepEqual(noop.metadata?.managedFields, out.metadata?.managedFields, 'a no-op update changes nothing');
  });

  it('resets with [] or [{}], keeps live entries when the request has none or invalid ones', () => {
    const live = created(applyPatch(undefined, cm(), cmOpts('kubectl')));
    for (const reset of [[], [{}]] as ManagedFieldsEntry[][]) {
      const out = updateManagedFields(live, { ...live, metadata: { ...live.metadata, managedFields: reset } }, cmOpts('x'));
      assert.equal(out.metadata?.managedFields, undefined);
    }
    const { managedFields: _dropped, ...metaWithout } = live.metadata!;
    assert.deepEqual(updateManagedFields(live, { ...live, metadata: metaWithout }, cmOpts('x')).metadata?.managedFields, live.metadata?.managedFields);
    const invalid = [{ manager: 'x', operation: 'Bogus' }] as unknown as ManagedFieldsEntry[];
    assert.deepEqual(
      updateManagedFields(live, { ...live, metadata: { ...live.metadata, managedFields: invalid } }, cmOpts('x')).metadata?.managedFields,
      live.metadata?.managedFields,
    );
  });

  it('lets clients rewrite managedFields through an update', () => {
    const live = created(applyPatch(undefined, cm(), cmOpts('kubectl')));
    const edited: ManagedFieldsEntry[] = [{ manager: 'other', operation: 'Update', apiVersion: 'v1', fieldsType: 'FieldsV1', fieldsV1: { 'f:data': {} } }];
    const out = updateManagedFields(live, { ...live, metadata: { ...live.metadata, managedFields: edited } }, cmOpts('x'));
    assert.deepEqual(out.metadata?.managedFields, edited);
  });

  it('leaves objects without managedFields untracked', () => {
    const live = created(cm());
    const out = updateManagedFields(live, { ...live, data: { key: 'changed' } }, cmOpts('x'));
    assert.equal(out.metadata?.managedFields, undefined);
  });

  it('records status writes with subresource "status" and ignores managedFields sent to it', () => {
    const live = created(applyPatch(undefined, deployment({ replicas: 1 }), depOpts('alice')));
    const body = { ...live, status: { replicas: 1 }, metadata: { ...live.metadata, managedFields: [{}] } } as KubeObject;
    const out = updateManagedFields(live, body, depOpts('kube-controller-manager', { subresource: 'status', resetFields: defaultResetFields('status', true) }));
    const e = entry(out, 'kube-controller-manager');
    assert.equal(e?.subresource, 'status');
    assert.deepEqual(e?.fieldsV1, { 'f:status': { 'f:replicas': {}, '.': {} } });
    assert.deepEqual(Object.keys(e ?? {}).at(-1), 'subresource');
    assert.ok(entry(out, 'alice'), 'existing entries survive');
  });

  it('caps Update entries at 10 by merging the oldest into ancient-changes', () => {
    let live = created(applyPatch(undefined, cm({ data: {} }), cmOpts('kubectl')));
    for (let i = 0; i < 12; i++) {
      live = updateManagedFields(live, { ...live, data: { ...(live['data'] as object), [`k${i}`]: 'v' } }, cmOpts(`m${i}`, { now: new Date(Date.UTC(2020, 0, 1, 0, 0, i)) }));
    }
    const updates = live.metadata!.managedFields!.filter((e) => e.operation === 'Update');
    assert.equal(updates.length, 10);
    const ancient = entry(live, 'ancient-changes');
    assert.deepEqual(ancient?.fieldsV1, { 'f:data': { 'f:k0': {}, 'f:k1': {}, 'f:k2': {} } });
    assert.equal(ancient?.time, '2020-01-01T00:00:02Z');
  });
});

describe('defaultManagerFromUserAgent', () => {
  it('takes the part before the first slash, printable characters only, at most 128 bytes', () => {
    assert.equal(defaultManagerFromUserAgent('kubectl-edit/v1.30.0 (linux/amd64) kubernetes/7c48c2b'), 'kubectl-edit');
    assert.equal(defaultManagerFromUserAgent('kubectl-client-side-apply/v1.30.0'), 'kubectl-client-side-apply');
    assert.equal(defaultManagerFromUserAgent('my\u0007 agent'), 'my agent');
    assert.equal(defaultManagerFromUserAgent(undefined), '');
    assert.equal(defaultManagerFromUserAgent('x'.repeat(200)).length, 128);
  });
});
