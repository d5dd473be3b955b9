// The DaemonSet controller through the real kubectl, over two simulated
// nodes: one pod per selected node, pinned by node affinity on metadata.name
// and bound by the scheduler, with the daemon tolerations; a node labelled
// out of the selector loses its pod; a template change rolls out.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { kubectlJson, kubectlOk, useSkiff, waitFor } from '../helpers/cluster.js';

const c = useSkiff({ controllers: true, scheduler: true, args: ['--simulate-nodes', '2'] });

interface PodJson {
  metadata: { name: string; labels: Record<string, string>; ownerReferences?: Array<{ kind: string; name: string }>; deletionTimestamp?: string };
  spec: { nodeName?: string; tolerations?: Array<{ key?: string; effect?: string; tolerationSeconds?: number }>; affinity?: any; containers: Array<{ image: string }> };
  status: { phase?: string };
}

const dsPods = (): PodJson[] => (kubectlJson(c(), ['get', 'pods', '-l', 'app=agent']).items as PodJson[]).filter((p) => !p.metadata.deletionTimestamp);

const manifest = (image: string) => `
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
spec:
  selector:
    matchLabels: {app: agent}
  template:
    metadata:
      labels: {app: agent}
    spec:
      nodeSelector: {role: daemon}
      containers:
      - name: agent
        image: ${image}
`;

test('a DaemonSet runs one pod per selected node and follows node labels', async () => {
  await waitFor(c, 'two nodes', () => kubectlOk(c(), ['get', 'nodes', '-o', 'name']).trim().split('\n').length === 2);
  kubectlOk(c(), ['label', 'node', 'sim-node-0', 'sim-node-1', 'role=daemon']);
  kubectlOk(c(), ['apply', '-f', '-'], { input: manifest('busybox:1') });

  const pods = await waitFor(c, 'two running daemon pods', () => {
    const ps = dsPods();
    return ps.length === 2 && ps.every((p) => p.spec.nodeName && p.status.phase === 'Running') ? ps : undefined;
  });
  assert.deepEqual(pods.map((p) => p.spec.nodeName).sort(), ['sim-node-0', 'sim-node-1']);
  for (const p of pods) {
    const term = p.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0];
    assert.deepEqual(term.matchFields, [{ key: 'metadata.name', operator: 'In', values: [p.spec.nodeName] }], 'pinned by node affinity, bound by the scheduler');
    const tol = (key: string, effect: string) => p.spec.tolerations?.find((t) => t.key === key && t.effect === effect);
    assert.ok(tol('node.kubernetes.io/not-ready', 'NoExecute') && tol('node.kubernetes.io/not-ready', 'NoExecute')!.tolerationSeconds === undefined);
    assert.ok(tol('node.kubernetes.io/unreachable', 'NoExecute'));
    for (const k of ['disk-pressure', 'memory-pressure', 'pid-pressure', 'unschedulable']) assert.ok(tol(`node.kubernetes.io/${k}`, 'NoSchedule'), k);
    assert.equal(p.metadata.ownerReferences?.[0]?.kind, 'DaemonSet');
    assert.ok(p.metadata.labels['controller-revision-hash']);
  }
  const revs = kubectlOk(c(), ['get', 'controllerrevisions', '-l', 'app=agent', '-o', 'jsonpath={.items[*].metadata.name}']).trim().split(' ');
  assert.deepEqual(revs, [`agent-${pods[0]!.metadata.labels['controller-revision-hash']}`]);

  kubectlOk(c(), ['rollout', 'status', 'daemonset/agent', '--timeout=30s']);
  const st = kubectlJson(c(), ['get', 'ds', 'agent']).status;
  assert.equal(st.desiredNumberScheduled, 2);
  assert.equal(st.numberReady, 2);
  assert.equal(st.numberAvailable, 2);
  assert.equal(st.updatedNumberScheduled, 2);
  assert.equal(st.observedGeneration, 1);
  const events = kubectlOk(c(), ['get', 'events', '--field-selector', 'involvedObject.kind=DaemonSet,reason=SuccessfulCreate', '-o', 'name']);
  assert.ok(events.trim().length > 0, 'SuccessfulCreate events');

  kubectlOk(c(), ['label', 'node', 'sim-node-1', 'role-']);
  await waitFor(c, 'the pod on the relabelled node to go', () => {
    const ps = dsPods();
    return ps.length === 1 && ps[0]!.spec.nodeName === 'sim-node-0';
  });
  await waitFor(c, 'desired 1', () => kubectlJson(c(), ['get', 'ds', 'agent']).status.desiredNumberScheduled === 1);
});

test('a template change rolls out a new revision', async () => {
  kubectlOk(c(), ['label', 'node', 'sim-node-1', 'role=daemon']);
  await waitFor(c, 'back to two pods', () => dsPods().length === 2);
  kubectlOk(c(), ['apply', '-f', '-'], { input: manifest('busybox:2') });
  kubectlOk(c(), ['rollout', 'status', 'daemonset/agent', '--timeout=40s']);
  await waitFor(c, 'updated pods', () => {
    const ps = dsPods();
    return ps.length === 2 && ps.every((p) => p.spec.containers[0]!.image === 'busybox:2');
  });
  const revisions = kubectlOk(c(), ['get', 'controllerrevisions', '-l', 'app=agent', '-o', 'jsonpath={.items[*].revision}']).trim().split(' ').sort();
  assert.deepEqual(revisions, ['1', '2']);
  const history = kubectlOk(c(), ['rollout', 'history', 'daemonset/agent']);
  assert.match(history, /\b1\b[\s\S]*\b2\b/);
});
