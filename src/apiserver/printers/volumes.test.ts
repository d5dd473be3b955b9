import { test } from 'node:test';
import assert from 'node:assert/strict';
import { accessModes, persistentVolumeClaimPrinter, persistentVolumePrinter } from './volumes.js';
import { ago, headers, M, NOW } from './testutil.js';

test('persistentvolume: bound PV with claim, class and reclaim policy', () => {
  assert.deepEqual(headers(persistentVolumePrinter.columns), {
    normal: ['NAME', 'CAPACITY', 'ACCESS MODES', 'RECLAIM POLICY', 'STATUS', 'CLAIM', 'STORAGECLASS', 'VOLUMEATTRIBUTESCLASS', 'REASON', 'AGE'],
    wide: ['VOLUMEMODE'],
  });
  const pv = {
    metadata: { name: 'pvc-1234', creationTimestamp: ago(20 * M) },
    spec: {
      capacity: { storage: '10Gi' }, accessModes: ['ReadWriteOnce'], persistentVolumeReclaimPolicy: 'Delete',
      claimRef: { namespace: 'default', name: 'data' }, storageClassName: 'local-path', volumeMode: 'Filesystem',
    },
    status: { phase: 'Bound' },
  };
  assert.deepEqual(persistentVolumePrinter.cells(pv, NOW), ['pvc-1234', '10Gi', 'RWO', 'Delete', 'Bound', 'default/data', 'local-path', '<unset>', '', '20m', 'Filesystem']);
  const released = { metadata: { name: 'old', creationTimestamp: ago(20 * M), deletionTimestamp: ago(M), annotations: { 'volume.beta.kubernetes.io/storage-class': 'legacy' } }, spec: {}, status: { phase: 'Released', reason: 'gone' } };
  assert.deepEqual(persistentVolumePrinter.cells(released, NOW), ['old', '0', '', '', 'Terminating', '', 'legacy', '<unset>', 'gone', '20m', '<unset>']);
});

test('persistentvolumeclaim: pending and bound', () => {
  assert.deepEqual(headers(persistentVolumeClaimPrinter.columns), {
    normal: ['NAME', 'STATUS', 'VOLUME', 'CAPACITY', 'ACCESS MODES', 'STORAGECLASS', 'VOLUMEATTRIBUTESCLASS', 'AGE'],
    wide: ['VOLUMEMODE'],
  });
  const pending = { metadata: { name: 'data', creationTimestamp: ago(5 * M) }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, storageClassName: 'local-path', volumeMode: 'Filesystem' }, status: { phase: 'Pending' } };
  assert.deepEqual(persistentVolumeClaimPrinter.cells(pending, NOW), ['data', 'Pending', '', '', '', 'local-path', '<unset>', '5m', 'Filesystem']);
  const bound = { ...pending, spec: { ...pending.spec, volumeName: 'pvc-1234' }, status: { phase: 'Bound', accessModes: ['ReadWriteOnce', 'ReadOnlyMany'], capacity: { storage: '1Gi' } } };
  assert.deepEqual(persistentVolumeClaimPrinter.cells(bound, NOW), ['data', 'Bound', 'pvc-1234', '1Gi', 'RWO,ROX', 'local-path', '<unset>', '5m', 'Filesystem']);
});

test('access modes print in upstream order without duplicates', () => {
  assert.equal(accessModes(['ReadWriteOncePod', 'ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOnce']), 'RWO,RWX,RWOP');
});
