// Admission the API server does on its own: DefaultStorageClass.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { kubectlOk, useSkiff } from '../helpers/cluster.js';

const c = useSkiff();

const claim = (name: string, cls?: string) =>
  JSON.stringify({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name }, spec: { ...(cls !== undefined ? { storageClassName: cls } : {}), accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Mi' } } } });

test('a claim without a class gets the default StorageClass; an explicit "" and claims made before any default keep theirs', () => {
  kubectlOk(c(), ['apply', '-f', '-'], { input: claim('before') });
  kubectlOk(c(), ['apply', '-f', '-'], {
    input: JSON.stringify({ apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'fast', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } }, provisioner: 'example.com/x' }),
  });
  kubectlOk(c(), ['apply', '-f', '-'], { input: claim('after') });
  kubectlOk(c(), ['apply', '-f', '-'], { input: claim('none', '') });
  const cls = (n: string) => kubectlOk(c(), ['get', 'pvc', n, '-o', 'jsonpath={.spec.storageClassName}']);
  assert.equal(cls('after'), 'fast');
  assert.equal(cls('none'), '');
  assert.equal(cls('before'), '');
});
