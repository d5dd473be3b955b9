// The DaemonSet controller through the real kubectl, over two simulated
// nodes: one pod per selected node, pinned by node affinity on metadata.name
// and bound by the scheduler, with the daemon tolerations; a node labelled
// out of the selector loses its pod; a template change rolls out.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { kubectlOk, startSkiff, type Cluster } from '../helpers/cluster.js';

let c: Cluster;

before(async () => {
  c = await startSkiff({ controllers: true, scheduler: true, args: ['--simulate-nodes', '2'] });
});

after(async () => {
  await c?.stop();
  c?.cleanup();
});

async function eventually<T>(fn: () => T | undefined | false, what: string, ms = 30000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}\n${c.logs().slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

interface PodJson {
  metadata: { name: string; labels: Record<string, string>; ownerReferences?: Array<{ kind: string; name: string }>; deletionTimestamp?: string };
  spec: { nodeName?: string; tolerations?: Array<{ key?: string; effect?: string; tolerationSeconds?: number }>; affinity?: any; containers: Array<{ image: string }> };
  status: { phase?: string };
}

const dsPods = (): PodJson[] => (JSON.parse(kubectlOk(c, ['get', 'pods', '-l', 'app=agent', '-o', 'json'])).items as PodJson[]).filter((p) => !p.metadata.deletionTimestamp);

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
  await eventually(() => kubectlOk(c, ['get', 'nodes', '-o', 'name']).trim().split('\n').length === 2, 'two nodes');
  kubectlOk(c, ['label', 'node', 'sim-node-0', 'sim-node-1', 'role=daemon']);
  kubectlOk(c, ['apply', '-f', '-'], { input: manifest('busybox:1') });

  const pods = await eventually(() => {
    const ps = dsPods();
    return ps.length === 2 && ps.every((p) => p.spec.nodeName && p.status.phase === 'Running') ? ps : undefined;
  }, 'two running daemon pods');
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
  const revs = kubectlOk(c, ['get', 'controllerrevisions', '-l', 'app=agent', '-o', 'jsonpath={.items[*].metadata.name}']).trim().split(' ');
  assert.deepEqual(revs, [`agent-${pods[0]!.metadata.labels['controller-revision-hash']}`]);

  kubectlOk(c, ['rollout', 'status', 'daemonset/agent', '--timeout=30s']);
  const st = JSON.parse(kubectlOk(c, ['get', 'ds', 'agent', '-o', 'json'])).status;
  assert.equal(st.desiredNumberScheduled, 2);
  assert.equal(st.numberReady, 2);
  assert.equal(st.numberAvailable, 2);
  assert.equal(st.updatedNumberScheduled, 2);
  assert.equal(st.observedGeneration, 1);
  const events = kubectlOk(c, ['get', 'events', '--field-selector', 'involvedObject.kind=DaemonSet,reason=SuccessfulCreate', '-o', 'name']);
  assert.ok(events.trim().length > 0, 'SuccessfulCreate events');

  kubectlOk(c, ['label', 'node', 'sim-node-1', 'role-']);
  await eventually(() => {
    const ps = dsPods();
    return ps.length === 1 && ps[0]!.spec.nodeName === 'sim-node-0';
  }, 'the pod on the relabelled node to go');
  await eventually(() => JSON.parse(kubectlOk(c, ['get', 'ds', 'agent', '-o', 'json'])).status.desiredNumberScheduled === 1, 'desired 1');
});

test('a template change rolls out a new revision', async () => {
  kubectlOk(c, ['label', 'node', 'sim-node-1', 'role=daemon']);
  await eventually(() => dsPods().length === 2, 'back to two pods');
  kubectlOk(c, ['apply', '-f', '-'], { input: manifest('busybox:2') });
  kubectlOk(c, ['rollout', 'status', 'daemonset/agent', '--timeout=40s']);
  await eventually(() => {
    const ps = dsPods();
    return ps.length === 2 && ps.every((p) => p.spec.containers[0]!.image === 'busybox:2');
  }, 'updated pods');
  const revisions = kubectlOk(c, ['get', 'controllerrevisions', '-l', 'app=agent', '-o', 'jsonpath={.items[*].revision}']).trim().split(' ').sort();
  assert.deepEqual(revisions, ['1', '2']);
  const history = kubectlOk(c, ['rollout', 'history', 'daemonset/agent']);
  assert.match(history, /\b1\b[\s\S]*\b2\b/);
});
