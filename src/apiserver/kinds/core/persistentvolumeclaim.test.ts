import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../types.js';
import { persistentVolumeClaimStrategy as s } from './persistentvolumeclaim.js';
import { ctx, summary, copy } from './testutil.js';

const pvc = (spec: Record<string, unknown>): KubeObject => ({ metadata: { name: 'data', namespace: 'default' }, spec });
const good = { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } };

test('defaults and Pending phase', () => {
  const o = pvc({ ...good });
  s.defaults!(o);
  s.prepareForCreate!(o, ctx);
  assert.equal((o.spec as any).volumeMode, 'Filesystem');
  assert.deepEqual(o.status, { phase: 'Pending' });
  assert.deepEqual(s.validate!(o, ctx), []);
});

test('spec errors', () => {
  const cases: [Record<string, unknown>, string[]][] = [
    [{ resources: good.resources }, ['FieldValueRequired spec.accessModes']],
    [{ accessModes: ['ReadWriteOnce'] }, ['FieldValueRequired spec.resources[storage]']],
    [{ accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '0' } } }, ['FieldValueInvalid spec.resources[storage]']],
    [{ ...good, storageClassName: 'Fast!' }, ['FieldValueInvalid spec.storageClassName']],
  ];
  for (const [spec, want] of cases) {
    const o = pvc(spec);
    s.defaults!(o);
    assert.deepEqual(summary(s.validate!(o, ctx)), want, JSON.stringify(spec));
  }
  const e = s.validate!(pvc({ resources: good.resources }), ctx)[0];
  assert.equal(e.detail, 'at least 1 access mode is required');
});

test('spec immutable except storage growth when bound; volumeName set once', () => {
  const old = pvc(structuredClone(good));
  s.defaults!(old);
  old.status = { phase: 'Pending' };
  const bind = copy(old);
  (bind.spec as any).volumeName = 'pv1';
  assert.deepEqual(s.validateUpdate!(bind, old, ctx), []);
  const grow = copy(old);
  (grow.spec as any).resources.requests.storage = '2Gi';
  assert.deepEqual(summary(s.validateUpdate!(grow, old, ctx)), ['FieldValueForbidden spec']);
  const bound = copy(old);
  bound.status = { phase: 'Bound' };
  const grown = copy(bound);
  (grown.spec as any).resources.requests.storage = '2Gi';
  assert.deepEqual(s.validateUpdate!(grown, bound, ctx), []);
  const shrunk = copy(bound);
  (shrunk.spec as any).resources.requests.storage = '500Mi';
  assert.deepEqual(summary(s.validateUpdate!(shrunk, bound, ctx)), ['FieldValueForbidden spec.resources.requests.storage']);
  const modes = copy(bound);
  (modes.spec as any).accessModes = ['ReadWriteMany'];
  assert.deepEqual(summary(s.validateUpdate!(modes, bound, ctx)), ['FieldValueForbidden spec']);
});
