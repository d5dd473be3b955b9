// Node lifecycle and the NoExecute taint manager through the real kubectl.
// The test plays a kubelet itself: it creates Nodes and their Leases and
// never renews them. `skiff up` runs the controllers with shortened timings
// (--node-monitor-period 500ms, --node-monitor-grace-period 6s).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { kubectl, kubectlJson, kubectlJsonIfFound, kubectlOk, useSkiff, waitFor } from '../helpers/cluster.js';

const c = useSkiff({ controllers: true, args: ['--node-monitor-period', '500ms', '--node-monitor-grace-period', '6s'] });

const iso = () => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');

function playNode(name: string): void {
  kubectlOk(c(), ['apply', '-f', '-'], { input: JSON.stringify({ apiVersion: 'v1', kind: 'Node', metadata: { name, labels: { 'kubernetes.io/hostname': name } } }) });
  const now = iso();
  const cond = (type: string, status: string) => ({ type, status, reason: 'Test', message: 'played by the test', lastHeartbeatTime: now, lastTransitionTime: now });
  const status = {
    capacity: { cpu: '4', memory: '8Gi', pods: '110' },
    allocatable: { cpu: '4', memory: '8Gi', pods: '110' },
    conditions: [cond('Ready', 'True'), cond('MemoryPressure', 'False'), cond('DiskPressure', 'False'), cond('PIDPressure', 'False')],
  };
  kubectlOk(c(), ['patch', 'node', name, '--subresource=status', '--type=merge', '-p', JSON.stringify({ status })]);
  const lease = { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name, namespace: 'kube-node-lease' }, spec: { holderIdentity: name, leaseDurationSeconds: 40, renewTime: new Date().toISOString().replace(/Z$/, '000Z') } };
  kubectlOk(c(), ['apply', '-f', '-'], { input: JSON.stringify(lease) });
}

function boundPod(name: string, node: string, tolerations: unknown[] = []): void {
  const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name, labels: { test: 'nlc' } }, spec: { nodeName: node, tolerations, containers: [{ name: 'c', image: 'busybox' }] } };
  kubectlOk(c(), ['apply', '-f', '-'], { input: JSON.stringify(pod) });
  const now = iso();
  const status = { phase: 'Running', conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: now }] };
  kubectlOk(c(), ['patch', 'pod', name, '--subresource=status', '--type=merge', '-p', JSON.stringify({ status })]);
}

/** The pod is gone or being deleted. */
function evicted(name: string): boolean {
  const pod = kubectlJsonIfFound(c(), ['get', 'pod', name]);
  return !pod || !!pod.metadata.deletionTimestamp;
}

test('a NoExecute taint evicts pods that do not tolerate it at once and keeps those that do', async () => {
  playNode('tainted');
  boundPod('intolerant', 'tainted');
  boundPod('tolerant', 'tainted', [{ key: 'dedicated', operator: 'Exists', effect: 'NoExecute' }]);
  kubectlOk(c(), ['taint', 'node', 'tainted', 'dedicated=x:NoExecute']);
  await waitFor(c, 'the intolerant pod to be evicted', () => evicted('intolerant'), 10000);
  const pod = JSON.parse(kubectlOk(c(), ['get', 'pod', 'intolerant', '-o', 'json', '--ignore-not-found']) || '{}');
  if (pod.status) assert.ok(pod.status.conditions.some((x: { type: string; reason?: string }) => x.type === 'DisruptionTarget' && x.reason === 'DeletionByTaintManager'));
  await new Promise((r) => setTimeout(r, 1000));
  assert.equal(evicted('tolerant'), false);
  const ev = kubectlOk(c(), ['get', 'events', '--field-selector', 'reason=TaintManagerEviction,involvedObject.name=intolerant', '-o', 'jsonpath={.items[*].message}']);
  assert.match(ev, /Marking for deletion Pod default\/intolerant/);
});

test('a node whose lease stops renewing goes Unknown, is tainted unreachable, and its pods are evicted after tolerationSeconds', async () => {
  playNode('lonely');
  boundPod('short', 'lonely', [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 3 }]);
  boundPod('patient', 'lonely');
  const patient = kubectlJson(c(), ['get', 'pod', 'patient']);
  const defaults = patient.spec.tolerations.filter((t: { tolerationSeconds?: number }) => t.tolerationSeconds === 300).map((t: { key: string }) => t.key).sort();
  assert.deepEqual(defaults, ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable'], 'DefaultTolerationSeconds admission');

  // Never renewed: after the 6 s grace (checked every 500 ms) the node goes Unknown.
  const node = await waitFor(c, 'the unreachable taint', () => {
    const n = kubectlJson(c(), ['get', 'node', 'lonely']);
    return (n.spec?.taints ?? []).some((t: { key: string; effect: string }) => t.key === 'node.kubernetes.io/unreachable' && t.effect === 'NoExecute') ? n : undefined;
  }, 20000);
  const tainted = Date.now();
  const ready = node.status.conditions.find((x: { type: string }) => x.type === 'Ready');
  assert.equal(ready.status, 'Unknown');
  assert.equal(ready.reason, 'NodeStatusUnknown');
  assert.equal(ready.message, 'Kubelet stopped posting node status.');
  assert.equal(kubectl(c(), ['get', 'pod', 'short']).code === 0 && evicted('short'), false, 'not evicted before its tolerationSeconds');

  await waitFor(c, 'the pod with tolerationSeconds=3 to be evicted', () => evicted('short'), 15000);
  assert.ok(Date.now() - tainted >= 1500, 'eviction waited for the toleration');
  assert.equal(evicted('patient'), false, 'the 300 s default toleration keeps the other pod');
  await waitFor(c, 'the remaining pod to be marked not ready', () => {
    const p = kubectlJson(c(), ['get', 'pod', 'patient']);
    return p.status.conditions.some((x: { type: string; status: string }) => x.type === 'Ready' && x.status === 'False');
  }, 10000);
  await waitFor(c, 'the NoSchedule unreachable taint', () => {
    const n = kubectlJson(c(), ['get', 'node', 'lonely']);
    return (n.spec?.taints ?? []).some((t: { key: string; effect: string }) => t.key === 'node.kubernetes.io/unreachable' && t.effect === 'NoSchedule');
  }, 10000);
  const nodeEvents = kubectlOk(c(), ['get', 'events', '-A', '--field-selector', 'involvedObject.kind=Node,involvedObject.name=lonely,reason=NodeNotReady', '-o', 'jsonpath={.items[*].message}']);
  assert.match(nodeEvents, /Node lonely status is now: NodeNotReady/);
});
