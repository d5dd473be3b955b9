import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../types.js';
import { endpointsPrinter, formatEndpoints, servicePorts, servicePrinter } from './service.js';
import { ago, D, headers, NOW } from './testutil.js';

const svc = (spec: Record<string, unknown>, status: Record<string, unknown> = {}): KubeObject => ({
  metadata: { name: 'web', namespace: 'default', creationTimestamp: ago(45 * D) }, spec, status,
});

test('service columns: TYPE CLUSTER-IP EXTERNAL-IP PORT(S) AGE, wide SELECTOR', () => {
  assert.deepEqual(headers(servicePrinter.columns), {
    normal: ['NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE'], wide: ['SELECTOR'],
  });
});

test('ClusterIP and NodePort services', () => {
  const clusterIP = svc({ type: 'ClusterIP', clusterIP: '10.43.0.10', clusterIPs: ['10.43.0.10'], ports: [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }], selector: { k8s: 'dns' } });
  assert.deepEqual(servicePrinter.cells(clusterIP, NOW), ['web', 'ClusterIP', '10.43.0.10', '<none>', '53/UDP,53/TCP', '45d', 'k8s=dns']);
  const nodePort = svc({ type: 'NodePort', clusterIPs: ['10.43.1.1'], externalIPs: ['192.168.1.5'], ports: [{ port: 80, nodePort: 30080, protocol: 'TCP' }, { port: 443, nodePort: 30443, protocol: 'TCP' }] });
  assert.deepEqual(servicePrinter.cells(nodePort, NOW), ['web', 'NodePort', '10.43.1.1', '192.168.1.5', '80:30080/TCP,443:30443/TCP', '45d', '<none>']);
  const headless = svc({ type: 'ClusterIP', clusterIP: 'None', clusterIPs: ['None'], selector: { app: 'db' } });
  assert.deepEqual(servicePrinter.cells(headless, NOW).slice(1, 5), ['ClusterIP', 'None', '<none>', '<none>']);
});

test('LoadBalancer and ExternalName services', () => {
  const pending = svc({ type: 'LoadBalancer', clusterIPs: ['10.43.2.2'], ports: [{ port: 80, nodePort: 31000, protocol: 'TCP' }] });
  assert.equal(servicePrinter.cells(pending, NOW)[3], '<pending>');
  const ready = svc({ type: 'LoadBalancer', clusterIPs: ['10.43.2.2'], externalIPs: ['1.2.3.4'] }, { loadBalancer: { ingress: [{ ip: '172.18.0.3' }, { hostname: 'lb.example.com' }, { ip: '172.18.0.2' }] } });
  assert.equal(servicePrinter.cells(ready, NOW)[3], '172.18.0.2,172.18.0.3,lb.example.com,1.2.3.4');
  const ext = svc({ type: 'ExternalName', externalName: 'db.example.com' });
  assert.deepEqual(servicePrinter.cells(ext, NOW).slice(1, 5), ['ExternalName', '<none>', 'db.example.com', '<none>']);
});

test('service ports default to TCP', () => {
  assert.equal(servicePorts([{ port: 8080 }]), '8080/TCP');
  assert.equal(servicePorts([]), '');
});

test('endpoints: ip:port list, + N more..., <none>', () => {
  assert.deepEqual(headers(endpointsPrinter.columns).normal, ['NAME', 'ENDPOINTS', 'AGE']);
  const ep = {
    metadata: { name: 'web', creationTimestamp: ago(45 * D) },
    subsets: [{ addresses: [{ ip: '10.42.0.5' }, { ip: '10.42.0.6' }], ports: [{ name: 'http', port: 80 }, { name: 'https', port: 443 }] }],
  };
  assert.deepEqual(endpointsPrinter.cells(ep, NOW), ['web', '10.42.0.5:80,10.42.0.6:80,10.42.0.5:443 + 1 more...', '45d']);
  assert.equal(formatEndpoints(undefined), '<none>');
  assert.equal(formatEndpoints([{ addresses: [{ ip: 'fd00::5' }], ports: [{ port: 80 }] }]), '[fd00::5]:80');
  assert.equal(formatEndpoints([{ addresses: [{ ip: '10.0.0.1' }] }]), '10.0.0.1');
});
