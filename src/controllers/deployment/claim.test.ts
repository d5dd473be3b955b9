import { test } from 'node:test';
import assert from 'node:assert/strict';
import { harness, until } from '../testing.js';
import { DeploymentController } from './controller.js';
import { computeHash } from './hash.js';
import { deployment, DEPLOYMENTS, getDeployment, REPLICASETS, ServerLikeFake } from './testutil.js';
import type { Deployment, ReplicaSet } from './types.js';

async function start() {
  const h = harness({}, new ServerLikeFake());
  await h.run((ctx) => new DeploymentController(ctx));
  return h;
}

const rsNamed = (h: Awaited<ReturnType<typeof start>>, name: string) => h.client.objects<ReplicaSet>(REPLICASETS).find((r) => r.metadata?.name === name);

test('adopts a matching orphan replica set and releases one that stops matching', async () => {
  const h = await start();
  try {
    const spec = deployment('ad').spec;
    await h.client.create(REPLICASETS, 'default', {
      metadata: { name: 'orphan', namespace: 'default', labels: { app: 'ad', 'pod-template-hash': 'zz' } },
      spec: { replicas: 3, selector: { matchLabels: { app: 'ad', 'pod-template-hash': 'zz' } }, template: structuredClone(spec.template) },
    });
    const d = await h.client.create<Deployment>(DEPLOYMENTS, 'default', deployment('ad'));
    const adopted = await until(() => rsNamed(h, 'orphan')?.metadata?.ownerReferences?.[0]);
    assert.equal(adopted.uid, d.metadata?.uid);
    assert.equal(adopted.kind, 'Deployment');
    // Its template is the deployment's, so it is the new set: no second one, and it gets revision 1.
    await until(() => rsNamed(h, 'orphan')?.metadata?.annotations?.['deployment.kubernetes.io/revision'] === '1');
    assert.equal(h.client.objects(REPLICASETS).length, 1);

    const rs = rsNamed(h, 'orphan')!;
    rs.metadata!.labels = { other: 'x' };
    await h.client.update(REPLICASETS, 'default', rs);
    await until(() => !rsNamed(h, 'orphan')?.metadata?.ownerReferences);
  } finally {
    await h.stop();
  }
});

test('a name clash with a foreign replica set bumps collisionCount and uses a new hash', async () => {
  const h = await start();
  try {
    const want = deployment('col');
    const hash = computeHash(want.spec.template);
    await h.client.create(REPLICASETS, 'default', {
      metadata: { name: `col-${hash}`, namespace: 'default', labels: { unrelated: 'y' } },
      spec: { replicas: 0, selector: { matchLabels: { unrelated: 'y' } }, template: { metadata: { labels: { unrelated: 'y' } }, spec: { containers: [{ name: 'z', image: 'z' }] } } },
    });
    await h.client.create(DEPLOYMENTS, 'default', want);
    const d = await until(async () => {
      const x = await getDeployment(h.client, 'col');
      return x.status?.collisionCount === 1 ? x : undefined;
    });
    const second = computeHash(want.spec.template, 1);
    assert.notEqual(second, hash);
    const rs = await until(() => rsNamed(h, `col-${second}`));
    assert.equal(rs.metadata?.ownerReferences?.[0]?.uid, d.metadata?.uid);
    assert.equal(rs.metadata?.labels?.['pod-template-hash'], second);
  } finally {
    await h.stop();
  }
});

test('an empty selector is refused with a SelectingAll warning and the generation is observed', async () => {
  const h = await start();
  try {
    await h.client.create(DEPLOYMENTS, 'default', deployment('all', { selector: {} }));
    await until(async () => (await getDeployment(h.client, 'all')).status?.observedGeneration === 1);
    const ev = h.events.find((e) => e.reason === 'SelectingAll');
    assert.equal(ev?.type, 'Warning');
    assert.equal(ev?.message, 'This deployment is selecting all pods. A non-empty selector is required.');
    assert.equal(h.client.objects(REPLICASETS).length, 0);
  } finally {
    await h.stop();
  }
});
