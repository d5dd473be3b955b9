// Admission the API server does on its own: DefaultStorageClass and DefaultIngressClass.
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

const ingress = (name: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name, ...extra }, spec: { defaultBackend: { service: { name: 'web', port: { number: 80 } } } } });

test('an Ingress without a class gets the default IngressClass; one with the legacy annotation keeps it', () => {
  kubectlOk(c(), ['apply', '-f', '-'], {
    input: JSON.stringify({ apiVersion: 'networking.k8s.io/v1', kind: 'IngressClass', metadata: { name: 'gw', annotations: { 'ingressclass.kubernetes.io/is-default-class': 'true' } }, spec: { controller: 'example.com/gw' } }),
  });
  kubectlOk(c(), ['apply', '-f', '-'], { input: ingress('plain') });
  kubectlOk(c(), ['apply', '-f', '-'], { input: ingress('legacy', { annotations: { 'kubernetes.io/ingress.class': 'other' } }) });
  const cls = (n: string) => kubectlOk(c(), ['get', 'ingress', n, '-o', 'jsonpath={.spec.ingressClassName}']);
  assert.equal(cls('plain'), 'gw');
  assert.equal(cls('legacy'), '');
});
