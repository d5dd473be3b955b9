import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LEASES } from '../../agent/types.js';
import { NODES, PODS } from '../../client/gvr.js';
import { harness, until } from '../testing.js';
import { controllers } from './index.js';
import type { Pod } from './mark-pods.js';
import type { Node } from './node-taints.js';

const iso = (d = new Date()): string => d.toISOString().replace(/\.\d{3}Z$/, 'Z');
const micro = (): string => new Date().toISOString().replace(/Z$/, '000Z');

function readyNode(name: string): Node {
  const now = iso();
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name },
    status: {
      conditions: [
        { type: 'Ready', status: 'True', reason: 'KubeletReady', lastHeartbeatTime: now, lastTransitionTime: now },
        { type: 'MemoryPressure', status: 'False', lastHeartbeatTime: now, lastTransitionTime: now },
      ],
    },
  };
}

const lease = (name: string) => ({
  apiVersion: 'coordination.k8s.io/v1',
  kind: 'Lease',
  metadata: { name, namespace: 'kube-node-lease' },
  spec: { holderIdentity: name, leaseDurationSeconds: 40, renewTime: micro() },
});

const boundPod = (name: string, node: string): Pod => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'default' },
  spec: { nodeName: node, containers: [{ name: 'c', image: 'x' }] },
  status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] },
});

test('a node whose lease stops renewing goes Unknown, gets the unreachable taints, its pods turn not ready; it recovers', async (t) => {
  const h = harness({ nodeMonitorPeriodMs: 20, nodeMonitorGracePeriodMs: 300 });
  t.after(() => h.stop());
  await h.client.create(NODES, '', readyNode('alive'));
  await h.client.create(NODES, '', readyNode('silent'));
  await h.client.create(LEASES, 'kube-node-lease', lease('alive'));
  await h.client.create(LEASES, 'kube-node-lease', lease('silent'));
  await h.client.create(PODS, 'default', boundPod('p1', 'silent'));
  await h.client.create(PODS, 'default', boundPod('p2', 'alive'));
  await h.run(controllers.nodelifecycle!);
  const renew = setInterval(() => void h.client.patch(LEASES, 'kube-node-lease', 'alive', 'merge', { spec: { renewTime: micro() } }), 50);
  t.after(() => clearInterval(renew));

  const silent = await until(async () => {
    const n = await h.client.get<Node>(NODES, '', 'silent');
    return n.spec?.taints?.some((x) => x.key === 'node.kubernetes.io/unreachable' && x.effect === 'NoExecute') &&
      n.spec.taints.some((x) => x.key === 'node.kubernetes.io/unreachable' && x.effect === 'NoSchedule')
      ? n
      : undefined;
  }, 3000, 'unreachable taints');
  const ready = silent.status!.conditions!.find((c) => c.type === 'Ready')!;
  assert.equal(ready.status, 'Unknown');
  assert.equal(ready.reason, 'NodeStatusUnknown');
  assert.equal(ready.message, 'Kubelet stopped posting node status.');
  assert.equal(silent.status!.conditions!.find((c) => c.type === 'MemoryPressure')!.status, 'Unknown');
  assert.ok(silent.spec!.taints!.find((x) => x.effect === 'NoExecute')!.timeAdded, 'NoExecute taints carry timeAdded');
  const p1 = await until(async () => {
    const p = await h.client.get<Pod>(PODS, 'default', 'p1');
    return p.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'False' ? p : undefined;
  }, 2000, 'pod marked not ready');
  assert.ok(p1);
  const alive = await h.client.get<Node>(NODES, '', 'alive');
  assert.equal(alive.status!.conditions!.find((c) => c.type === 'Ready')!.status, 'True');
  assert.equal(alive.spec?.taints, undefined);
  const p2 = await h.client.get<Pod>(PODS, 'default', 'p2');
  assert.equal(p2.status!.conditions![0]!.status, 'True');
  assert.ok(h.events.some((e) => e.component === 'node-controller' && e.reason === 'NodeNotReady' && e.ref.kind === 'Node' && e.ref.name === 'silent' && e.message === 'Node silent status is now: NodeNotReady'));
  assert.ok(h.events.some((e) => e.reason === 'NodeNotReady' && e.ref.kind === 'Pod' && e.ref.name === 'p1'));
  assert.equal(h.events.filter((e) => e.reason === 'NodeNotReady' && e.ref.kind === 'Node').length, 1, 'one event per transition');

  // The kubelet comes back: renews its lease and posts Ready.
  await h.client.patch(LEASES, 'kube-node-lease', 'silent', 'merge', { spec: { renewTime: micro() } });
  await h.client.patch(NODES, '', 'silent', 'merge', { status: readyNode('silent').status }, { subresource: 'status' });
  await until(async () => ((await h.client.get<Node>(NODES, '', 'silent')).spec?.taints ?? []).length === 0, 3000, 'taints removed');
});

test('Ready=False gives not-ready taints; spec.unschedulable and pressure conditions give NoSchedule taints', async (t) => {
  const h = harness({ nodeMonitorPeriodMs: 20, nodeMonitorGracePeriodMs: 60_000 });
  t.after(() => h.stop());
  const n = readyNode('sick');
  n.status!.conditions![0]!.status = 'False';
  n.status!.conditions![1]!.status = 'True';
  n.spec = { unschedulable: true, taints: [{ key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' }, { key: 'mine', effect: 'NoSchedule' }] };
  await h.client.create(NODES, '', n);
  await h.run(controllers.nodelifecycle!);
  const want = [
    'mine:NoSchedule',
    'node.kubernetes.io/memory-pressure:NoSchedule',
    'node.kubernetes.io/not-ready:NoExecute',
    'node.kubernetes.io/not-ready:NoSchedule',
    'node.kubernetes.io/unschedulable:NoSchedule',
  ];
  const keys = async () => ((await h.client.get<Node>(NODES, '', 'sick')).spec?.taints ?? []).map((x) => `${x.key}:${x.effect}`).sort();
  await until(async () => JSON.stringify(await keys()) === JSON.stringify(want), 3000, `taints ${want.join(', ')}`);
  assert.equal(h.events.filter((e) => e.reason === 'NodeNotReady').length, 0, 'no event: the controller saw no transition');

  await h.client.patch(NODES, '', 'sick', 'merge', { spec: { unschedulable: null } });
  await h.client.patch(NODES, '', 'sick', 'merge', { status: readyNode('sick').status }, { subresource: 'status' });
  await until(async () => JSON.stringify(await keys()) === JSON.stringify(['mine:NoSchedule']), 3000, 'only the user taint left');
});
