import { test } from 'node:test';
import assert from 'node:assert/strict';
import { daemonPodTemplate, daemonTolerations, isPodAvailable, pinToNode, targetNodeName } from './pods.js';
import { nodeShouldRunDaemonPod } from './predicates.js';
import { makeDs, makeNode, makePod } from './testutil.js';

test('daemon pods get upstream default tolerations; network-unavailable only with hostNetwork', () => {
  const keys = (ts: ReturnType<typeof daemonTolerations>) => ts.map((t) => `${t.key}:${t.operator}:${t.effect}:${t.tolerationSeconds ?? '-'}`);
  assert.deepEqual(keys(daemonTolerations({ containers: [] })), [
    'node.kubernetes.io/not-ready:Exists:NoExecute:-',
    'node.kubernetes.io/unreachable:Exists:NoExecute:-',
    'node.kubernetes.io/disk-pressure:Exists:NoSchedule:-',
    'node.kubernetes.io/memory-pressure:Exists:NoSchedule:-',
    'node.kubernetes.io/pid-pressure:Exists:NoSchedule:-',
    'node.kubernetes.io/unschedulable:Exists:NoSchedule:-',
  ]);
  const host = daemonTolerations({ containers: [], hostNetwork: true, tolerations: [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 10 }, { key: 'x', operator: 'Exists' }] });
  assert.equal(host.length, 8, 'the matching toleration is replaced, not duplicated');
  assert.equal(host[0]!.tolerationSeconds, undefined, 'replaced by the unbounded default');
  assert.ok(host.some((t) => t.key === 'node.kubernetes.io/network-unavailable'));
});

test('pinToNode sets matchFields metadata.name on every required term and targetNodeName reads it back', () => {
  assert.deepEqual(pinToNode(undefined, 'n1'), {
    nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['n1'] }] }] } },
  });
  const withTerms = pinToNode(
    { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }], matchFields: [{ key: 'metadata.name', operator: 'In', values: ['old'] }] }] } } },
    'n2',
  );
  const term = withTerms.nodeAffinity!.requiredDuringSchedulingIgnoredDuringExecution!.nodeSelectorTerms[0]!;
  assert.deepEqual(term.matchExpressions, [{ key: 'zone', operator: 'In', values: ['a'] }]);
  assert.deepEqual(term.matchFields, [{ key: 'metadata.name', operator: 'In', values: ['n2'] }]);
  const pod = makePod('p', '');
  pod.spec!.nodeName = undefined;
  pod.spec!.affinity = withTerms;
  assert.equal(targetNodeName(pod), 'n2');
  assert.equal(targetNodeName(makePod('q', 'bound')), 'bound');
});

test('daemonPodTemplate adds the hash and template-generation labels', () => {
  const t = daemonPodTemplate(makeDs(), 'abc');
  assert.deepEqual(t.metadata?.labels, { app: 'ds', 'pod-template-generation': '1', 'controller-revision-hash': 'abc' });
  assert.equal(t.spec?.tolerations?.length, 6);
});

test('isPodAvailable honours minReadySeconds', () => {
  const p = makePod('p', 'n');
  const since = Date.parse('2024-01-01T00:00:00Z');
  assert.equal(isPodAvailable(p, 0, since), true);
  assert.equal(isPodAvailable(p, 10, since + 5000), false);
  assert.equal(isPodAvailable(p, 10, since + 10000), true);
  assert.equal(isPodAvailable(makePod('q', 'n', { ready: false }), 0, since), false);
});

test('nodeShouldRunDaemonPod: selector, affinity, nodeName and taints', () => {
  const ds = makeDs('ds', {});
  ds.spec!.template.spec!.nodeSelector = { role: 'edge' };
  assert.deepEqual(nodeShouldRunDaemonPod(makeNode('a', { role: 'edge' }), ds), { shouldRun: true, shouldContinueRunning: true });
  assert.deepEqual(nodeShouldRunDaemonPod(makeNode('b'), ds), { shouldRun: false, shouldContinueRunning: false });
  const noSched = makeNode('c', { role: 'edge' }, [{ key: 'dedicated', effect: 'NoSchedule' }]);
  assert.deepEqual(nodeShouldRunDaemonPod(noSched, ds), { shouldRun: false, shouldContinueRunning: true }, 'NoSchedule keeps running pods');
  const noExec = makeNode('d', { role: 'edge' }, [{ key: 'dedicated', effect: 'NoExecute' }]);
  assert.deepEqual(nodeShouldRunDaemonPod(noExec, ds), { shouldRun: false, shouldContinueRunning: false });
  const cordoned = makeNode('e', { role: 'edge' }, [{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }, { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' }]);
  assert.equal(nodeShouldRunDaemonPod(cordoned, ds).shouldRun, true, 'default tolerations cover cordoned and unreachable nodes');
  const pinned = makeDs();
  pinned.spec!.template.spec!.nodeName = 'a';
  assert.equal(nodeShouldRunDaemonPod(makeNode('b'), pinned).shouldRun, false);
  const aff = makeDs();
  aff.spec!.template.spec!.affinity = { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['z1'] }] }] } } };
  assert.equal(nodeShouldRunDaemonPod(makeNode('a', { zone: 'z1' }), aff).shouldRun, true);
  assert.equal(nodeShouldRunDaemonPod(makeNode('a', { zone: 'z2' }), aff).shouldRun, false);
});
