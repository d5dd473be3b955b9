// ReplicaSets and ReplicationControllers through the real kubectl on simulated
// nodes: pods created and deleted to match `kubectl scale`, status filled in,
// SuccessfulCreate/SuccessfulDelete events.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { kubectlJson, kubectlOk, useSkiff, waitFor } from '../helpers/cluster.js';

const c = useSkiff({ controllers: true, scheduler: true, args: ['--simulate-nodes', '2', '--controllers', 'replicaset,replicationcontroller'] });

const podCount = (selector: string): number => kubectlJson(c(), ['get', 'pods', '-l', selector]).items.filter((p: any) => !p.metadata.deletionTimestamp).length;

const RS = `apiVersion: apps/v1
kind: ReplicaSet
metadata: {name: web}
spec:
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web, tier: front}}
    spec: {containers: [{name: c, image: busybox}]}
`;

test('a ReplicaSet scales up and down with kubectl scale and reports status', async () => {
  kubectlOk(c(), ['apply', '-f', '-'], { input: RS });
  await waitFor(c, '3 ready replicas', () => kubectlJson(c(), ['get', 'rs', 'web']).status?.readyReplicas === 3);
  let rs = kubectlJson(c(), ['get', 'rs', 'web']);
  assert.deepEqual(
    [rs.status.replicas, rs.status.fullyLabeledReplicas, rs.status.availableReplicas, rs.status.observedGeneration],
    [3, 3, 3, rs.metadata.generation],
  );
  const pods = kubectlJson(c(), ['get', 'pods', '-l', 'app=web']).items;
  assert.equal(pods.length, 3);
  for (const p of pods) {
    assert.equal(p.metadata.ownerReferences[0].kind, 'ReplicaSet');
    assert.equal(p.metadata.ownerReferences[0].uid, rs.metadata.uid);
    assert.match(p.metadata.name, /^web-[a-z0-9]{5}$/);
  }

  kubectlOk(c(), ['scale', 'rs', 'web', '--replicas=6']);
  await waitFor(c, '6 ready replicas', () => kubectlJson(c(), ['get', 'rs', 'web']).status?.readyReplicas === 6);
  assert.equal(podCount('app=web'), 6);

  kubectlOk(c(), ['scale', 'rs', 'web', '--replicas=2']);
  await waitFor(c, '2 replicas', () => kubectlJson(c(), ['get', 'rs', 'web']).status?.replicas === 2 && podCount('app=web') === 2);
  rs = kubectlJson(c(), ['get', 'rs', 'web']);
  assert.equal(rs.status.observedGeneration, rs.metadata.generation);

  const events = kubectlJson(c(), ['get', 'events', '--field-selector', 'involvedObject.name=web,involvedObject.kind=ReplicaSet']).items;
  const reasons = new Set(events.map((e: any) => e.reason));
  assert.ok(reasons.has('SuccessfulCreate'), `events: ${[...reasons].join(',')}`);
  await waitFor(c, 'a SuccessfulDelete event', () =>
    kubectlJson(c(), ['get', 'events', '--field-selector', 'involvedObject.name=web,involvedObject.kind=ReplicaSet']).items.some((e: any) => e.reason === 'SuccessfulDelete'),
  );
  const printed = kubectlOk(c(), ['get', 'rs', 'web']);
  assert.match(printed, /web\s+2\s+2\s+2/);
});

test('a ReplicationController scales the same way', async () => {
  kubectlOk(c(), ['apply', '-f', '-'], {
    input: `apiVersion: v1
kind: ReplicationController
metadata: {name: legacy}
spec:
  replicas: 2
  selector: {app: legacy}
  template:
    metadata: {labels: {app: legacy}}
    spec: {containers: [{name: c, image: busybox}]}
`,
  });
  await waitFor(c, '2 ready', () => kubectlJson(c(), ['get', 'rc', 'legacy']).status?.readyReplicas === 2);
  kubectlOk(c(), ['scale', 'rc', 'legacy', '--replicas=4']);
  await waitFor(c, '4 ready', () => kubectlJson(c(), ['get', 'rc', 'legacy']).status?.readyReplicas === 4);
  kubectlOk(c(), ['scale', 'rc', 'legacy', '--replicas=1']);
  await waitFor(c, '1 replica', () => kubectlJson(c(), ['get', 'rc', 'legacy']).status?.replicas === 1 && podCount('app=legacy') === 1);
  const rc = kubectlJson(c(), ['get', 'rc', 'legacy']);
  assert.equal(rc.status.availableReplicas, 1);
  assert.equal(rc.status.observedGeneration, rc.metadata.generation);
  const pod = kubectlJson(c(), ['get', 'pods', '-l', 'app=legacy']).items[0];
  assert.equal(pod.metadata.ownerReferences[0].kind, 'ReplicationController');
});

test('an orphan pod matching the selector is adopted instead of creating a new one', async () => {
  kubectlOk(c(), ['run', 'stray', '--image=busybox', '--labels=app=adopt', '--restart=Always']);
  kubectlOk(c(), ['apply', '-f', '-'], { input: RS.replace(/web/g, 'adopt').replace('replicas: 3', 'replicas: 2') });
  await waitFor(c, '2 ready', () => kubectlJson(c(), ['get', 'rs', 'adopt']).status?.readyReplicas === 2);
  const stray = kubectlJson(c(), ['get', 'pod', 'stray']);
  assert.equal(stray.metadata.ownerReferences?.[0]?.name, 'adopt');
  assert.equal(podCount('app=adopt'), 2);
});
