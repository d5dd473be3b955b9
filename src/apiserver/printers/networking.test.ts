import { test } from 'node:test';
import assert from 'node:assert/strict';
import { endpointSlicePrinter, ingressClassPrinter, ingressHosts, ingressPrinter, networkPolicyPrinter } from './networking.js';
import { ago, headers, M, NOW } from './testutil.js';

const meta = (name: string) => ({ name, namespace: 'default', creationTimestamp: ago(7 * M) });

test('ingress: CLASS HOSTS ADDRESS PORTS AGE', () => {
  assert.deepEqual(headers(ingressPrinter.columns).normal, ['NAME', 'CLASS', 'HOSTS', 'ADDRESS', 'PORTS', 'AGE']);
  const ing = {
    metadata: meta('web'),
    spec: { ingressClassName: 'traefik', rules: [{ host: 'a.example.com' }, { host: 'b.example.com' }], tls: [{ hosts: ['a.example.com'] }] },
    status: { loadBalancer: { ingress: [{ ip: '172.18.0.3' }, { ip: '172.18.0.2' }] } },
  };
  assert.deepEqual(ingressPrinter.cells(ing, NOW), ['web', 'traefik', 'a.example.com,b.example.com', '172.18.0.2,172.18.0.3', '80, 443', '7m']);
  assert.deepEqual(ingressPrinter.cells({ metadata: meta('x'), spec: { defaultBackend: {} } }, NOW), ['x', '<none>', '*', '', '80', '7m']);
  assert.equal(ingressHosts([{ host: 'a' }, { host: 'b' }, {}, { host: 'c' }, { host: 'd' }]), 'a,b,c + 2 more...');
});

test('ingressclass: CONTROLLER PARAMETERS AGE', () => {
  assert.deepEqual(headers(ingressClassPrinter.columns).normal, ['NAME', 'CONTROLLER', 'PARAMETERS', 'AGE']);
  const ic = { metadata: meta('nginx'), spec: { controller: 'k8s.io/ingress-nginx', parameters: { apiGroup: 'k8s.example.com', kind: 'IngressParameters', name: 'external-lb' } } };
  assert.deepEqual(ingressClassPrinter.cells(ic, NOW), ['nginx', 'k8s.io/ingress-nginx', 'IngressParameters.k8s.example.com/external-lb', '7m']);
  assert.deepEqual(ingressClassPrinter.cells({ metadata: meta('plain'), spec: { controller: 'c' } }, NOW)[2], '<none>');
});

test('networkpolicy: POD-SELECTOR', () => {
  assert.deepEqual(headers(networkPolicyPrinter.columns).normal, ['NAME', 'POD-SELECTOR', 'AGE']);
  assert.deepEqual(networkPolicyPrinter.cells({ metadata: meta('deny'), spec: { podSelector: {} } }, NOW), ['deny', '<none>', '7m']);
  assert.deepEqual(networkPolicyPrinter.cells({ metadata: meta('db'), spec: { podSelector: { matchLabels: { role: 'db' } } } }, NOW)[1], 'role=db');
});

test('endpointslice: ADDRESSTYPE PORTS ENDPOINTS AGE', () => {
  assert.deepEqual(headers(endpointSlicePrinter.columns).normal, ['NAME', 'ADDRESSTYPE', 'PORTS', 'ENDPOINTS', 'AGE']);
  const es = {
    metadata: meta('web-abc12'), addressType: 'IPv4',
    ports: [{ name: 'http', port: 80, protocol: 'TCP' }, { name: 'metrics' }, {}],
    endpoints: [{ addresses: ['10.42.0.5'] }, { addresses: ['10.42.0.6', '10.42.0.7'] }, { addresses: ['10.42.0.8'] }],
  };
  assert.deepEqual(endpointSlicePrinter.cells(es, NOW), ['web-abc12', 'IPv4', '80,metrics,*', '10.42.0.5,10.42.0.6,10.42.0.7 + 1 more...', '7m']);
  assert.deepEqual(endpointSlicePrinter.cells({ metadata: meta('empty'), addressType: 'IPv4', endpoints: [] }, NOW).slice(2, 4), ['<unset>', '<unset>']);
});
