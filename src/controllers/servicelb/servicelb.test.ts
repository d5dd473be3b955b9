import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NODES, SERVICES } from '../../client/gvr.js';
import { harness, until } from '../testing.js';
import { conflictingPorts } from './ports.js';
import { createServiceLBController, nodeIngressIPs } from './servicelb.js';

const node = (name: string, addresses: Array<{ type: string; address: string }>) => ({ metadata: { name }, status: { addresses } });
const svc = (name: string, ports: number[], extra: Record<string, unknown> = {}, created = '2026-01-01T00:00:00Z') => ({
  metadata: { name, namespace: 'default', creationTimestamp: created },
  spec: { type: 'LoadBalancer', ports: ports.map((port) => ({ port, protocol: 'TCP' })), ...extra },
});

test('node ingress addresses: ExternalIP preferred, else InternalIP, sorted and unique', () => {
  assert.deepEqual(nodeIngressIPs([
    node('a', [{ type: 'InternalIP', address: '10.0.0.9' }, { type: 'Hostname', address: 'a' }]),
    node('b', [{ type: 'InternalIP', address: '10.0.0.2' }, { type: 'ExternalIP', address: '192.0.2.7' }]),
    node('c', [{ type: 'InternalIP', address: '10.0.0.9' }]),
  ]), ['10.0.0.9', '192.0.2.7']);
});

test('the younger of two Services on one port is the one in conflict', () => {
  const old = { ...svc('old', [80, 443]), metadata: { ...svc('old', []).metadata, uid: '1' } };
  const young = { ...svc('young', [443, 8443], {}, '2026-02-01T00:00:00Z'), metadata: { ...svc('young', [], {}, '2026-02-01T00:00:00Z').metadata, uid: '2' } };
  assert.deepEqual(conflictingPorts(young, [old, young]), ['TCP/443']);
  assert.deepEqual(conflictingPorts(old, [old, young]), []);
  const udp = { ...young, spec: { type: 'LoadBalancer', ports: [{ port: 443, protocol: 'UDP' }] } };
  assert.deepEqual(conflictingPorts(udp, [old, udp]), [], 'another protocol is another port');
});

test('LoadBalancer Services get the node addresses; conflicts stay pending; other types and classes are left alone', async () => {
  const h = harness();
  await h.client.create(NODES, '', node('n1', [{ type: 'InternalIP', address: '10.0.0.1' }]));
  await h.client.create(SERVICES, 'default', svc('web', [80]));
  await h.client.create(SERVICES, 'default', svc('clash', [80], {}, '2026-03-01T00:00:00Z'));
  await h.client.create(SERVICES, 'default', svc('other', [81], { loadBalancerClass: 'example.com/lb' }));
  await h.client.create(SERVICES, 'default', { metadata: { name: 'plain', namespace: 'default' }, spec: { type: 'ClusterIP', ports: [{ port: 80 }] } });
  await h.run(createServiceLBController);
  try {
    const status = (name: string): any => h.client.objects(SERVICES).find((s) => s.metadata?.name === name)?.status;
    await until(() => status('web')?.loadBalancer?.ingress?.[0]?.ip === '10.0.0.1', 3000, 'web gets the node address');
    await until(() => h.events.some((e) => e.ref.name === 'clash' && e.reason === 'SyncLoadBalancerFailed'), 3000, 'a conflict event');
    assert.equal(status('clash')?.loadBalancer?.ingress, undefined);
    assert.equal(status('other')?.loadBalancer?.ingress, undefined);
    assert.equal(status('plain')?.loadBalancer?.ingress, undefined);
    // A second node adds its address; deleting the older Service frees the port for the younger.
    await h.client.create(NODES, '', node('n2', [{ type: 'InternalIP', address: '10.0.0.2' }]));
    await until(() => status('web')?.loadBalancer?.ingress?.length === 2, 3000, 'both node addresses');
    await h.client.delete(SERVICES, 'default', 'web');
    await until(() => status('clash')?.loadBalancer?.ingress?.length === 2, 3000, 'the freed port goes to the waiting Service');
    // No longer a LoadBalancer: its ingress addresses go.
    await h.client.patch(SERVICES, 'default', 'clash', 'merge', { spec: { type: 'ClusterIP' } });
    await until(() => !status('clash')?.loadBalancer?.ingress, 3000, 'ingress cleared');
  } finally {
    await h.stop();
  }
});
