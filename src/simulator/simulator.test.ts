import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeResourceClient } from '../client/fake.js';
import { LEASES } from '../controllers/leader.js';
import { until } from '../controllers/testing.js';
import { SimulatedNodes } from './simulator.js';
import { EXIT_AFTER_ANNOTATION, EXIT_CODE_ANNOTATION } from './pod-status.js';
import { IpPool } from './ip-pool.js';

const PODS = { group: '', version: 'v1', resource: 'pods' };
const NODES = { group: '', version: 'v1', resource: 'nodes' };

function pod(name: string, nodeName: string, extra: Record<string, unknown> = {}) {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default', ...extra }, spec: { nodeName, containers: [{ name: 'c', image: 'busybox' }], restartPolicy: 'Always' } };
}

test('simulated nodes register with capacity, Ready, a pod CIDR and a lease', async () => {
  const client = new FakeResourceClient();
  const sim = new SimulatedNodes(client, { count: 2, clusterCidr: '10.99.0.0/16' });
  await sim.start();
  try {
    const nodes = client.objects(NODES) as any[];
    assert.deepEqual(nodes.map((n) => n.metadata.name).sort(), ['sim-node-0', 'sim-node-1']);
    assert.deepEqual(nodes.map((n) => n.spec.podCIDR).sort(), ['10.99.0.0/24', '10.99.1.0/24']);
    assert.equal(nodes[0].status.conditions.find((c: any) => c.type === 'Ready').status, 'True');
    assert.equal(nodes[0].status.allocatable.pods, '110');
    const leases = client.objects(LEASES) as any[];
    assert.equal(leases.length, 2);
  } finally {
    await sim.stop();
  }
});

test('bound pods turn Running and Ready with an IP from the node subnet; deletions are confirmed', async () => {
  const client = new FakeResourceClient();
  const sim = new SimulatedNodes(client, { count: 1, clusterCidr: '10.98.0.0/16' });
  await sim.start();
  try {
    await client.create(PODS, 'default', pod('a', 'sim-node-0'));
    await client.create(PODS, 'default', pod('elsewhere', 'real-node'));
    const a = await until(async () => {
      const p = (await client.get(PODS, 'default', 'a')) as any;
      return p.status?.phase === 'Running' ? p : undefined;
    });
    assert.equal(a.status.podIP, '10.98.0.2');
    assert.equal(a.status.conditions.find((c: any) => c.type === 'Ready').status, 'True');
    assert.equal(a.status.containerStatuses[0].ready, true);
    assert.ok(a.status.containerStatuses[0].state.running);
    const other = (await client.get(PODS, 'default', 'elsewhere')) as any;
    assert.equal(other.status, undefined, 'pods of other nodes are left alone');
    // A graceful delete (deletionTimestamp set) is confirmed with grace 0.
    await client.patch(PODS, 'default', 'a', 'merge', { metadata: { deletionTimestamp: new Date().toISOString() } });
    await until(async () => !(client.objects(PODS) as any[]).some((p) => p.metadata.name === 'a'));
  } finally {
    await sim.stop();
  }
});

test('a pod asking to exit ends Succeeded or Failed with its exit code', async () => {
  const client = new FakeResourceClient();
  const sim = new SimulatedNodes(client, { count: 1, clusterCidr: '10.97.0.0/16' });
  await sim.start();
  try {
    const ok = pod('ok', 'sim-node-0', { annotations: { [EXIT_AFTER_ANNOTATION]: '0.05' } });
    ok.spec.restartPolicy = 'Never';
    const bad = pod('bad', 'sim-node-0', { annotations: { [EXIT_AFTER_ANNOTATION]: '0', [EXIT_CODE_ANNOTATION]: '3' } });
    bad.spec.restartPolicy = 'Never';
    await client.create(PODS, 'default', ok);
    await client.create(PODS, 'default', bad);
    const phase = async (n: string) => ((await client.get(PODS, 'default', n)) as any).status?.phase;
    await until(async () => (await phase('ok')) === 'Succeeded');
    await until(async () => (await phase('bad')) === 'Failed');
    const b = (await client.get(PODS, 'default', 'bad')) as any;
    assert.equal(b.status.containerStatuses[0].state.terminated.exitCode, 3);
  } finally {
    await sim.stop();
  }
});

test('IpPool hands out the lowest free address and reuses released ones', () => {
  const pool = new IpPool('10.1.2.0/24');
  assert.equal(pool.get('a'), '10.1.2.2');
  assert.equal(pool.get('b'), '10.1.2.3');
  assert.equal(pool.get('a'), '10.1.2.2');
  pool.release('a');
  assert.equal(pool.get('c'), '10.1.2.2');
});

test('node status is re-posted, so a node marked Unknown turns Ready again', async () => {
  const client = new FakeResourceClient();
  const sim = new SimulatedNodes(client, { count: 1, clusterCidr: '10.96.0.0/16', nodeStatusMs: 50 });
  await sim.start();
  try {
    await client.patch(NODES, '', 'sim-node-0', 'merge', { status: { conditions: [{ type: 'Ready', status: 'Unknown', reason: 'NodeStatusUnknown' }] } }, { subresource: 'status' });
    await until(async () => ((await client.get(NODES, '', 'sim-node-0')) as any).status.conditions.find((c: any) => c.type === 'Ready')?.status === 'True');
  } finally {
    await sim.stop();
  }
});
