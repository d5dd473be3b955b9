import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ServiceIpRange } from './ranges.js';
import { heldKeys } from './repair.js';

test('a service range excludes its network and broadcast addresses', () => {
  const r = new ServiceIpRange('10.43.0.0/16');
  assert.equal(r.nth(1), '10.43.0.1');
  assert.equal(r.usable, 65534);
  assert.equal(r.contains('10.43.0.0'), false);
  assert.equal(r.contains('10.43.255.255'), false);
  assert.equal(r.contains('10.43.12.34'), true);
  assert.equal(r.contains('10.44.0.1'), false);
  assert.equal(r.contains('not-an-ip'), false);
});

test('heldKeys: the cluster IP unless headless or ExternalName; node ports for NodePort and LoadBalancer', () => {
  const svc = (spec: Record<string, unknown>) => ({ metadata: { name: 's', namespace: 'd' }, spec });
  assert.deepEqual([...heldKeys(svc({ clusterIP: '10.43.0.5' }))], ['/registry/ranges/serviceips/10.43.0.5']);
  assert.deepEqual([...heldKeys(svc({ clusterIP: 'None' }))], []);
  assert.deepEqual([...heldKeys(svc({ type: 'ExternalName', clusterIP: '10.43.0.5' }))], []);
  assert.deepEqual([...heldKeys(svc({ type: 'NodePort', clusterIP: '10.43.0.6', ports: [{ nodePort: 30001 }] }))].sort(), ['/registry/ranges/serviceips/10.43.0.6', '/registry/ranges/servicenodeports/30001']);
  assert.deepEqual([...heldKeys(svc({ type: 'LoadBalancer', allocateLoadBalancerNodePorts: false, clusterIP: '10.43.0.7', ports: [{ nodePort: 30002 }] }))], ['/registry/ranges/serviceips/10.43.0.7']);
  assert.deepEqual([...heldKeys(svc({ type: 'ClusterIP', clusterIP: '10.43.0.8', ports: [{ nodePort: 30003 }] }))], ['/registry/ranges/serviceips/10.43.0.8']);
});
