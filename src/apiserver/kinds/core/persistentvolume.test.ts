import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../types.js';
import { persistentVolumeStrategy as s } from './persistentvolume.js';
import { summary, copy } from './testutil.js';

const cctx = { namespace: '', subresource: '', dryRun: false };
const pv = (spec: Record<string, unknown>): KubeObject => ({ metadata: { name: 'pv1' }, spec });
const good = { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], hostPath: { path: '/data' } };

test('defaults and Pending phase', () => {
  const o = pv(structuredClone(good));
  s.defaults!(o);
  assert.deepEqual((o.spec as any).hostPath, { path: '/data', type: '' });
  s.prepareForCreate!(o, cctx);
  assert.equal((o.spec as any).persistentVolumeReclaimPolicy, 'Retain');
  assert.equal((o.spec as any).volumeMode, 'Filesystem');
  assert.equal((o.status as any).phase, 'Pending');
  assert.deepEqual(s.validate!(o, cctx), []);
});

test('spec errors', () => {
  const cases: [Record<string, unknown>, string[]][] = [
    [{ ...good, accessModes: [] }, ['FieldValueRequired spec.accessModes']],
    [{ ...good, accessModes: ['ReadWriteSometimes'] }, ['FieldValueNotSupported spec.accessModes']],
    [{ ...good, capacity: {} }, ['FieldValueRequired spec.capacity']],
    [{ ...good, capacity: { storage: '1Gi', cpu: '1' } }, ['FieldValueNotSupported spec.capacity']],
    [{ capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'] }, ['FieldValueRequired spec']],
    [{ ...good, nfs: { server: 's', path: '/x' } }, ['FieldValueForbidden spec.nfs']],
    [{ ...good, persistentVolumeReclaimPolicy: 'Keep' }, ['FieldValueNotSupported spec.persistentVolumeReclaimPolicy']],
  ];
  for (const [spec, want] of cases) {
    const o = pv(spec);
    s.defaults!(o);
    assert.deepEqual(summary(s.validate!(o, cctx)), want, JSON.stringify(spec));
  }
});

test('volume source is immutable', () => {
  const old = pv({ ...good });
  s.defaults!(old);
  const upd = copy(old);
  (upd.spec as any).hostPath = { path: '/other' };
  assert.deepEqual(summary(s.validateUpdate!(upd, old, cctx)), ['FieldValueForbidden spec.persistentvolumesource']);
  const ok = copy(old);
  (ok.spec as any).persistentVolumeReclaimPolicy = 'Delete';
  assert.deepEqual(s.validateUpdate!(ok, old, cctx), []);
});
