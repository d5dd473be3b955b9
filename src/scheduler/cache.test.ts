import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeResourceClient } from '../client/fake.js';
import { SharedInformer } from '../client/informer.js';
import { NODES, PODS } from '../client/gvr.js';
import { SchedulerCache } from './cache.js';
import { makeNode, makePod } from './testing.js';
import type { Node, Pod } from './framework/types.js';

const tick = () => new Promise((r) => setTimeout(r, 20));

test('NodeInfos follow informer events: bound pods counted once, deletions and node changes applied, assumed pods added to a copy', async () => {
  const client = new FakeResourceClient();
  const nodes = new SharedInformer<Node>(client, NODES);
  const assigned = new SharedInformer<Pod>(client, PODS, '', { fieldSelector: 'spec.nodeName!=' });
  const cache = new SchedulerCache(nodes, assigned);
  await client.create(NODES, '', makeNode('n1', { cpu: '2' }));
  await client.create(PODS, 'default', makePod('early', { cpu: '500m', nodeName: 'n2' }));
  await Promise.all([nodes.start(), assigned.start()]);
  await client.create(PODS, 'default', makePod('a', { cpu: '1', nodeName: 'n1' }));
  await tick();
  let snap = cache.snapshot();
  assert.equal(snap.get('n1')!.pods.length, 1);
  assert.equal(snap.get('n1')!.requested.milliCPU, 1000);
  // A pod bound to a node the cache does not know yet is counted once the node appears.
  await client.create(NODES, '', makeNode('n2'));
  await tick();
  assert.equal(cache.snapshot().get('n2')!.requested.milliCPU, 500);
  // Assumed pods count on their node at once, and stop counting when forgotten.
  const b = makePod('b', { cpu: '250m' });
  cache.assume(b, 'n1');
  snap = cache.snapshot();
  assert.equal(snap.get('n1')!.requested.milliCPU, 1250);
  cache.forget(b);
  assert.equal(cache.snapshot().get('n1')!.requested.milliCPU, 1000);
  // Deleting a pod frees its requests; a node update keeps the pods.
  await client.delete(PODS, 'default', 'a');
  await client.patch(NODES, '', 'n1', 'merge', { metadata: { labels: { x: 'y' } } });
  await tick();
  snap = cache.snapshot();
  assert.equal(snap.get('n1')!.requested.milliCPU, 0);
  assert.equal(snap.get('n1')!.node.metadata?.labels?.x, 'y');
  nodes.stop();
  assigned.stop();
});
