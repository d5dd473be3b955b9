// The pods/eviction path `kubectl drain` takes, against a real `skiff up` with
// the ReplicaSet and disruption controllers on a simulated node: a pod whose
// PodDisruptionBudget has no disruption to spare is refused with 429, and is
// evicted once the budget allows it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { kubectl, kubectlJson, kubectlOk, useSkiff, waitFor } from '../helpers/cluster.js';

const c = useSkiff({ controllers: true, scheduler: true, args: ['--simulate-nodes', '1', '--controllers', 'replicaset,disruption'] });

const pdbStatus = (): any => kubectlJson(c(), ['get', 'pdb', 'web']).status ?? {};
const livePods = (): any[] => kubectlJson(c(), ['get', 'pods', '-l', 'app=web']).items.filter((p: any) => !p.metadata.deletionTimestamp);

function evict(name: string) {
  const body = JSON.stringify({ apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name, namespace: 'default' } });
  return kubectl(c(), ['create', '--raw', `/api/v1/namespaces/default/pods/${name}/eviction`, '-f', '-'], { input: body });
}

test('eviction honours the PodDisruptionBudget', async () => {
  kubectlOk(c(), ['apply', '-f', '-'], {
    input: `apiVersion: apps/v1
kind: ReplicaSet
metadata: {name: web}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: c, image: busybox}]}
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: web}
spec:
  minAvailable: 2
  selector: {matchLabels: {app: web}}
`,
  });
  await waitFor(c, 'PDB sees 2 healthy pods', () => {
    const s = pdbStatus();
    return s.currentHealthy === 2 && s.expectedPods === 2 && s.desiredHealthy === 2;
  });
  assert.equal(pdbStatus().disruptionsAllowed, 0);
  assert.equal(pdbStatus().conditions.find((x: any) => x.type === 'DisruptionAllowed').reason, 'InsufficientPods');
  const victim = livePods()[0].metadata.name;

  // Refused: the API answers 429 with upstream's message.
  const refused = evict(victim);
  assert.notEqual(refused.code, 0);
  assert.match(refused.stderr, /Cannot evict pod as it would violate the pod's disruption budget/);
  assert.equal(livePods().length, 2);

  // kubectl drain takes the eviction path, retries the 429 and gives up at its timeout.
  const drain = kubectl(c(), ['drain', 'sim-node-0', '--pod-selector=app=web', '--timeout=7s']);
  assert.notEqual(drain.code, 0);
  assert.match(drain.stderr + drain.stdout, /evicting pod default\/web-/);
  assert.match(drain.stderr + drain.stdout, /Cannot evict pod as it would violate the pod's disruption budget/);
  kubectlOk(c(), ['uncordon', 'sim-node-0']);
  assert.equal(livePods().length, 2);

  // The budget now spares one pod: the eviction goes through and spends it.
  kubectlOk(c(), ['patch', 'pdb', 'web', '--type=merge', '-p', '{"spec":{"minAvailable":1}}']);
  await waitFor(c, 'one disruption allowed', () => pdbStatus().disruptionsAllowed === 1);
  const allowed = evict(victim);
  assert.equal(allowed.code, 0, allowed.stderr);
  await waitFor(c, 'the evicted pod is gone', () => kubectl(c(), ['get', 'pod', victim]).code !== 0);

  // The ReplicaSet replaces it; once Ready the budget refills.
  await waitFor(c, 'budget refilled', () => livePods().length === 2 && pdbStatus().currentHealthy === 2 && pdbStatus().disruptionsAllowed === 1);
  assert.ok(!livePods().some((p) => p.metadata.name === victim), 'the evicted pod was replaced');

  // With the budget out of the way, kubectl drain evicts every pod on the node.
  kubectlOk(c(), ['patch', 'pdb', 'web', '--type=merge', '-p', '{"spec":{"minAvailable":0}}']);
  await waitFor(c, 'two disruptions allowed', () => pdbStatus().disruptionsAllowed === 2);
  const before = livePods().map((p) => p.metadata.name);
  const out = kubectlOk(c(), ['drain', 'sim-node-0', '--pod-selector=app=web', '--timeout=30s']);
  for (const name of before) assert.match(out, new RegExp(`pod/${name} evicted`));
  kubectlOk(c(), ['uncordon', 'sim-node-0']);
});
