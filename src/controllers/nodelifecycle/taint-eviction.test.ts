import { test } from 'node:test';
import assert from 'node:assert/strict';
import type * as k8s from 'kubernetes-types/core/v1.js';
import { NODES, PODS } from '../../client/gvr.js';
import { harness, until } from '../testing.js';
import { controllers } from './index.js';
import type { Pod } from './mark-pods.js';

const UNREACHABLE = 'node.kubernetes.io/unreachable';

function pod(name: string, tolerations: k8s.Toleration[]): Pod {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default' }, spec: { nodeName: 'n1', containers: [{ name: 'c', image: 'x' }], tolerations } };
}

const exists = async (h: ReturnType<typeof harness>, name: string): Promise<boolean> => h.client.objects<Pod>(PODS).some((p) => p.metadata?.name === name);

test('NoExecute taints: untolerated pods go at once, tolerationSeconds bounds the stay, unbounded tolerations keep the pod', async (t) => {
  const h = harness();
  t.after(() => h.stop());
  await h.client.create(NODES, '', { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' } });
  await h.client.create(PODS, 'default', pod('plain', []));
  await h.client.create(PODS, 'default', pod('short', [{ key: UNREACHABLE, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 1 }]));
  await h.client.create(PODS, 'default', pod('forever', [{ key: UNREACHABLE, operator: 'Exists', effect: 'NoExecute' }]));
  await h.client.create(PODS, 'default', pod('other-node', []));
  await h.client.patch(PODS, 'default', 'other-node', 'merge', { spec: { nodeName: 'n2' } });
  await h.run(controllers['taint-eviction-controller']!);

  const tainted = Date.now();
  await h.client.patch(NODES, '', 'n1', 'merge', { spec: { taints: [{ key: UNREACHABLE, effect: 'NoExecute' }] } });
  await until(async () => !(await exists(h, 'plain')), 2000, 'untolerated pod deleted');
  assert.equal(await exists(h, 'short'), true, 'tolerated pod still there right after the taint');
  await until(async () => !(await exists(h, 'short')), 3000, 'pod deleted after tolerationSeconds');
  assert.ok(Date.now() - tainted >= 950, `deleted after ${Date.now() - tainted} ms, not before 1 s`);
  await new Promise((r) => setTimeout(r, 100));
  assert.equal(await exists(h, 'forever'), true);
  assert.equal(await exists(h, 'other-node'), true);

  const marked = h.events.filter((e) => e.reason === 'TaintManagerEviction' && e.message.startsWith('Marking for deletion'));
  assert.deepEqual(marked.map((e) => e.ref.name).sort(), ['plain', 'short']);
  assert.equal(marked[0]!.component, 'taint-eviction-controller');
  const statusWrite = h.client.actions.find((a) => a.verb === 'update' && a.subresource === 'status' && a.name === 'plain');
  const cond = (statusWrite?.body as Pod).status!.conditions!.find((c) => c.type === 'DisruptionTarget');
  assert.equal(cond?.reason, 'DeletionByTaintManager', 'a DisruptionTarget condition precedes the delete');
});

test('removing the taint cancels a pending eviction', async (t) => {
  const h = harness();
  t.after(() => h.stop());
  await h.client.create(NODES, '', { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' }, spec: { taints: [{ key: UNREACHABLE, effect: 'NoExecute' }] } });
  await h.client.create(PODS, 'default', pod('p', [{ key: UNREACHABLE, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 1 }]));
  const c = await h.run(controllers['taint-eviction-controller']!);
  await until(() => (c as unknown as { manager: { pending(): string[] } }).manager.pending().includes('default/p'), 1000, 'eviction scheduled');
  await h.client.patch(NODES, '', 'n1', 'merge', { spec: { taints: null } });
  await until(() => h.events.some((e) => e.message === 'Cancelling deletion of Pod default/p'), 1000, 'cancel event');
  await new Promise((r) => setTimeout(r, 1200));
  assert.equal(await exists(h, 'p'), true);
});
