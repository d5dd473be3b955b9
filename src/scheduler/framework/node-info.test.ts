import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Snapshot } from './node-info.js';
import { makeNode, makePod } from '../testing.js';

test('NodeInfo keeps pods with pod (anti-)affinity apart, through adds and removals', () => {
  const plain = makePod('plain', { nodeName: 'n1' });
  const withAffinity = makePod('aff', { nodeName: 'n1' });
  withAffinity.spec!.affinity = { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: { app: 'x' } } }] } };
  const snap = new Snapshot([makeNode('n1'), makeNode('n2')], [plain, withAffinity]);
  assert.deepEqual(snap.podsWithAffinity().map((x) => x.pod.metadata?.name), ['aff']);
  assert.equal(snap.allPods().length, 2);
  const ni = snap.get('n1')!;
  const copy = ni.clone();
  assert.equal(ni.removePod(withAffinity), true);
  assert.equal(ni.podsWithAffinity.size, 0);
  assert.equal(copy.podsWithAffinity.size, 1, 'clones keep their own set');
  assert.deepEqual(ni.pods.map((p) => p.metadata?.name), ['plain']);
});
