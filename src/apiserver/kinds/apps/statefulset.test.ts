import { test } from 'node:test';
import assert from 'node:assert/strict';
import { STATEFULSET_SPEC_FORBIDDEN, statefulSetStrategy as s } from './statefulset.js';
import type { KubeObject } from '../../types.js';
import { brief, ctx, podTemplate } from './testutil.js';

const sts = (spec: Record<string, unknown> = {}): KubeObject => {
  const obj: KubeObject = {
    metadata: { name: 'db', namespace: 'default' },
    spec: {
      serviceName: 'db',
      selector: { matchLabels: { app: 'db' } },
      template: podTemplate({ app: 'db' }),
      volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }],
      ...spec,
    },
  };
  s.defaults!(obj);
  return obj;
};

test('defaults', () => {
  const spec = sts().spec as Record<string, any>;
  assert.equal(spec.podManagementPolicy, 'OrderedReady');
  assert.deepEqual(spec.updateStrategy, { type: 'RollingUpdate', rollingUpdate: { partition: 0 } });
  assert.deepEqual(spec.persistentVolumeClaimRetentionPolicy, { whenDeleted: 'Retain', whenScaled: 'Retain' });
  assert.equal(spec.replicas, 1);
  assert.equal(spec.revisionHistoryLimit, 10);
  assert.equal(spec.template.spec.restartPolicy, 'Always');
  const pvc = spec.volumeClaimTemplates[0];
  assert.equal(pvc.apiVersion, 'v1');
  assert.equal(pvc.kind, 'PersistentVolumeClaim');
  assert.equal(pvc.spec.volumeMode, 'Filesystem');
  assert.deepEqual(pvc.status, { phase: 'Pending' });
  const onDelete = sts({ updateStrategy: { type: 'OnDelete' } }).spec as Record<string, any>;
  assert.deepEqual(onDelete.updateStrategy, { type: 'OnDelete' });
});

test('a good statefulset passes; bad fields fail with upstream paths', () => {
  assert.deepEqual(s.validate!(sts(), ctx), []);
  const bad = sts({
    podManagementPolicy: 'Random',
    updateStrategy: { type: 'OnDelete', rollingUpdate: { partition: 1 } },
    persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Keep', whenScaled: 'Delete' },
    ordinals: { start: -1 },
    selector: {},
  });
  assert.deepEqual(brief(s.validate!(bad, ctx)), [
    ['spec.podManagementPolicy', 'FieldValueInvalid'],
    ['spec.updateStrategy.rollingUpdate', 'FieldValueInvalid'],
    ['spec.persistentVolumeClaimRetentionPolicy.whenDeleted', 'FieldValueNotSupported'],
    ['spec.ordinals.start', 'FieldValueInvalid'],
    ['spec.selector', 'FieldValueInvalid'],
  ]);
  const mism = sts({ selector: { matchLabels: { app: 'x' } }, template: podTemplate({ app: 'db' }, { restartPolicy: 'OnFailure' }) });
  assert.deepEqual(brief(s.validate!(mism, ctx)), [
    ['spec.template.metadata.labels', 'FieldValueInvalid'],
    ['spec.template.spec.restartPolicy', 'FieldValueNotSupported'],
  ]);
  const zero = sts({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0 } } });
  assert.deepEqual(brief(s.validate!(zero, ctx)), [['spec.updateStrategy.rollingUpdate.maxUnavailable', 'FieldValueInvalid']]);
});

test('statefulset names are DNS labels', () => {
  const obj = sts();
  obj.metadata!.name = 'db.v1';
  assert.deepEqual(brief(s.validate!(obj, ctx)), [['metadata.name', 'FieldValueInvalid']]);
});

test('only some spec fields may change', () => {
  const old = sts();
  assert.deepEqual(s.validateUpdate!(sts({ replicas: 3, minReadySeconds: 5, template: podTemplate({ app: 'db' }, { hostname: 'x' }) }), old, ctx), []);
  const errs = s.validateUpdate!(sts({ serviceName: 'other' }), old, ctx);
  assert.deepEqual(brief(errs), [['spec', 'FieldValueForbidden']]);
  assert.equal(errs[0]!.detail, STATEFULSET_SPEC_FORBIDDEN);
});

test('status rules', () => {
  const old = sts();
  const st = sts();
  st.status = { replicas: 2, readyReplicas: 1, availableReplicas: 2 };
  const errs = s.validateStatusUpdate!(st, old, ctx);
  assert.deepEqual(brief(errs), [['status.availableReplicas', 'FieldValueInvalid']]);
  assert.equal(errs[0]!.detail, 'cannot be greater than status.readyReplicas');
});
