import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NODES, PODS } from '../../client/gvr.js';
import { harness, until } from '../testing.js';
import { controllers } from './index.js';
import { makeDs, makeNode } from './testutil.js';
import { CONTROLLER_REVISIONS, type ControllerRevision, DAEMONSETS, type DaemonSet, type Pod } from './types.js';

type H = ReturnType<typeof harness>;
const pods = (h: H) => h.client.objects<Pod>(PODS);
const nodeOf = (p: Pod) => p.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms[0]?.matchFields?.[0]?.values?.[0];
const markReady = (h: H, p: Pod) =>
  h.client.patch(PODS, 'default', String(p.metadata?.name), 'merge', { status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] } }, { subresource: 'status' });

async function setup(t: { after(fn: () => unknown): void }, ds = makeDs()) {
  const h = harness();
  t.after(() => h.stop());
  await h.client.create(NODES, '', makeNode('n1', { role: 'daemon' }));
  await h.client.create(NODES, '', makeNode('n2', { role: 'daemon' }));
  ds.spec!.template.spec!.nodeSelector = { role: 'daemon' };
  delete ds.metadata!.uid;
  const created = await h.client.create(DAEMONSETS, 'default', ds);
  await h.run(controllers.daemonset!);
  return { h, ds: created as DaemonSet };
}

test('one pinned, tolerant pod per eligible node; a relabelled node loses its pod; status follows', async (t) => {
  const { h, ds } = await setup(t);
  const two = await until(() => (pods(h).length === 2 ? pods(h) : undefined), 3000, 'two pods');
  assert.deepEqual(two.map(nodeOf).sort(), ['n1', 'n2']);
  for (const p of two) {
    assert.equal(p.metadata?.ownerReferences?.[0]?.uid, ds.metadata?.uid);
    assert.equal(p.metadata?.ownerReferences?.[0]?.kind, 'DaemonSet');
    assert.match(p.metadata?.generateName ?? '', /^ds-$/);
    assert.ok(p.spec?.tolerations?.some((x) => x.key === 'node.kubernetes.io/unreachable' && x.effect === 'NoExecute' && x.tolerationSeconds === undefined));
    assert.ok(p.metadata?.labels?.['controller-revision-hash']);
    assert.equal(p.metadata?.labels?.['pod-template-generation'], '1');
  }
  const crs = h.client.objects<ControllerRevision>(CONTROLLER_REVISIONS);
  assert.equal(crs.length, 1);
  assert.equal(crs[0]!.revision, 1);
  assert.equal(crs[0]!.metadata?.labels?.['controller-revision-hash'], two[0]!.metadata?.labels?.['controller-revision-hash']);
  assert.equal(crs[0]!.metadata?.name, `ds-${crs[0]!.metadata?.labels?.['controller-revision-hash']}`);
  assert.equal(h.events.filter((e) => e.reason === 'SuccessfulCreate').length, 2);

  for (const p of two) await markReady(h, p);
  const st = await until(async () => {
    const s = (await h.client.get<DaemonSet>(DAEMONSETS, 'default', 'ds')).status;
    return s?.numberReady === 2 ? s : undefined;
  }, 3000, 'two ready');
  assert.deepEqual(
    [st.desiredNumberScheduled, st.currentNumberScheduled, st.updatedNumberScheduled, st.numberAvailable, st.numberUnavailable ?? 0, st.numberMisscheduled, st.observedGeneration],
    [2, 2, 2, 2, 0, 0, 1],
  );

  await h.client.patch(NODES, '', 'n2', 'merge', { metadata: { labels: { role: null } } });
  await until(() => pods(h).length === 1 && nodeOf(pods(h)[0]!) === 'n1', 3000, 'pod on n2 deleted');
  assert.ok(h.events.some((e) => e.reason === 'SuccessfulDelete'));
  await until(async () => (await h.client.get<DaemonSet>(DAEMONSETS, 'default', 'ds')).status?.desiredNumberScheduled === 1, 3000, 'desired 1');

  await h.client.create(NODES, '', makeNode('n3', { role: 'daemon' }));
  await until(() => pods(h).some((p) => nodeOf(p) === 'n3'), 3000, 'pod on the new node');
});

test('RollingUpdate replaces pods one at a time (maxUnavailable 1) and keeps a new revision', async (t) => {
  const { h } = await setup(t);
  await until(() => pods(h).length === 2, 3000, 'two pods');
  for (const p of pods(h)) await markReady(h, p);
  const oldHash = pods(h)[0]!.metadata?.labels?.['controller-revision-hash'];
  const cur = await h.client.get<DaemonSet>(DAEMONSETS, 'default', 'ds');
  cur.spec!.template.spec!.containers[0]!.image = 'img:2';
  cur.metadata!.generation = 2;
  cur.metadata!.annotations = { 'deprecated.daemonset.template.generation': '2' };
  await h.client.update(DAEMONSETS, 'default', cur);

  const newPod = await until(() => pods(h).find((p) => p.metadata?.labels?.['controller-revision-hash'] !== oldHash), 3000, 'a new pod');
  assert.equal(newPod.spec?.containers[0]?.image, 'img:2');
  await new Promise((r) => setTimeout(r, 100));
  assert.equal(pods(h).filter((p) => p.metadata?.labels?.['controller-revision-hash'] === oldHash).length, 1, 'one old pod stays while the new one is unready');
  await markReady(h, newPod);
  await until(() => pods(h).length === 2 && pods(h).every((p) => p.metadata?.labels?.['controller-revision-hash'] !== oldHash), 3000, 'all pods updated');
  const revs = h.client.objects<ControllerRevision>(CONTROLLER_REVISIONS).map((c) => c.revision).sort();
  assert.deepEqual(revs, [1, 2]);
});

test('OnDelete leaves old pods until they are deleted by hand', async (t) => {
  const { h } = await setup(t, makeDs('ds', { updateStrategy: { type: 'OnDelete' } }));
  await until(() => pods(h).length === 2, 3000, 'two pods');
  const cur = await h.client.get<DaemonSet>(DAEMONSETS, 'default', 'ds');
  cur.spec!.template.spec!.containers[0]!.image = 'img:2';
  await h.client.update(DAEMONSETS, 'default', cur);
  await until(() => h.client.objects(CONTROLLER_REVISIONS).length === 2, 3000, 'second revision');
  await new Promise((r) => setTimeout(r, 100));
  assert.ok(pods(h).every((p) => p.spec?.containers[0]?.image === 'img:1'));
  const victim = pods(h)[0]!;
  await h.client.delete(PODS, 'default', String(victim.metadata?.name));
  await until(() => pods(h).some((p) => p.spec?.containers[0]?.image === 'img:2'), 3000, 'replacement from the new template');
});
