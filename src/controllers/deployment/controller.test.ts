import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isConflict } from '../../client/errors.js';
import { type Harness, harness, until } from '../testing.js';
import { DeploymentController } from './controller.js';
import { deployment, DEPLOYMENTS, getDeployment, REPLICASETS, replicaSetsOf, ServerLikeFake, settleReplicaSets } from './testutil.js';
import type { Deployment, ReplicaSet } from './types.js';

async function start() {
  const h = harness({}, new ServerLikeFake());
  await h.run((ctx) => new DeploymentController(ctx));
  return h;
}

const cond = (d: Deployment, type: string) => d.status?.conditions?.find((c) => c.type === type);
const scaling = (h: { events: Array<{ reason: string; message: string }> }) => h.events.filter((e) => e.reason === 'ScalingReplicaSet').map((e) => e.message);

test('creates <name>-<hash> with the hash label, annotations, owner and a ScalingReplicaSet event', async () => {
  const h = await start();
  try {
    const created = await h.client.create(DEPLOYMENTS, 'default', deployment('web'));
    const [rs] = await until(() => {
      const l = replicaSetsOf(h.client, created);
      return l.length ? l : undefined;
    });
    const hash = rs!.metadata!.labels!['pod-template-hash']!;
    assert.match(hash, /^[4-9bcdf]+$/);
    assert.equal(rs!.metadata!.name, `web-${hash}`);
    assert.deepEqual(rs!.spec.selector, { matchLabels: { app: 'web', 'pod-template-hash': hash } });
    assert.deepEqual(rs!.spec.template!.metadata!.labels, { app: 'web', 'pod-template-hash': hash });
    assert.equal(rs!.spec.replicas, 3);
    assert.equal(rs!.metadata!.ownerReferences![0]!.kind, 'Deployment');
    assert.equal(rs!.metadata!.ownerReferences![0]!.controller, true);
    const a = rs!.metadata!.annotations!;
    assert.equal(a['deployment.kubernetes.io/revision'], '1');
    assert.equal(a['deployment.kubernetes.io/desired-replicas'], '3');
    assert.equal(a['deployment.kubernetes.io/max-replicas'], '4');
    await until(async () => (await getDeployment(h.client, 'web')).metadata?.annotations?.['deployment.kubernetes.io/revision'] === '1');
    assert.deepEqual(scaling(h), [`Scaled up replica set web-${hash} to 3`]);
    assert.equal(h.events[0]!.ref.kind, 'Deployment');
    const d = await getDeployment(h.client, 'web');
    assert.equal(cond(d, 'Progressing')?.reason, 'NewReplicaSetCreated');
    assert.equal(cond(d, 'Progressing')?.message, `Created new replica set "web-${hash}"`);

    await settleReplicaSets(h.client);
    const done = await until(async () => {
      const x = await getDeployment(h.client, 'web');
      return cond(x, 'Progressing')?.reason === 'NewReplicaSetAvailable' ? x : undefined;
    });
    assert.equal(cond(done, 'Progressing')?.message, `ReplicaSet "web-${hash}" has successfully progressed.`);
    assert.equal(cond(done, 'Available')?.status, 'True');
    assert.equal(cond(done, 'Available')?.reason, 'MinimumReplicasAvailable');
    assert.deepEqual(
      [done.status?.observedGeneration, done.status?.replicas, done.status?.updatedReplicas, done.status?.readyReplicas, done.status?.availableReplicas, done.status?.unavailableReplicas],
      [1, 3, 3, 3, 3, 0],
    );
  } finally {
    await h.stop();
  }
});

/** Read-modify-write with retries on conflicts (the controller writes status meanwhile). */
async function mutate(h: Harness, name: string, fn: (d: Deployment) => void): Promise<Deployment> {
  for (;;) {
    const d = await getDeployment(h.client, name);
    fn(d);
    try {
      return await h.client.update(DEPLOYMENTS, 'default', d);
    } catch (e) {
      if (!isConflict(e)) throw e;
    }
  }
}

async function rollTo(h: Harness, name: string, image: string): Promise<Deployment> {
  await mutate(h, name, (d) => void (d.spec.template!.spec!.containers = [{ name: 'c', image }]));
  return until(
    async () => {
      await settleReplicaSets(h.client);
      const x = await getDeployment(h.client, name);
      const rss = replicaSetsOf(h.client, x);
      const newRS = rss.find((rs) => (rs.spec.template!.spec!.containers as Array<{ image: string }>)[0]!.image === image);
      const done = x.status?.observedGeneration === x.metadata?.generation && x.status?.updatedReplicas === x.spec.replicas && x.status?.replicas === x.spec.replicas;
      return done && newRS && x.status?.availableReplicas === x.spec.replicas ? x : undefined;
    },
    5000,
    `rollout of ${image}`,
  );
}

test('rolling update surges one, scales the old one down, then rolls back by reusing the old replica set', async () => {
  const h = await start();
  try {
    await h.client.create(DEPLOYMENTS, 'default', deployment('app', { replicas: 4 }));
    const d1 = await rollTo(h, 'app', 'nginx:1');
    const [rs1] = replicaSetsOf(h.client, d1);
    h.events.length = 0;

    const d2 = await rollTo(h, 'app', 'nginx:2');
    const rss = replicaSetsOf(h.client, d2);
    assert.equal(rss.length, 2);
    const rs2 = rss.find((r) => r.metadata?.name !== rs1!.metadata?.name)!;
    assert.equal(rss.find((r) => r.metadata?.name === rs1!.metadata?.name)!.spec.replicas, 0);
    assert.equal(rs2.spec.replicas, 4);
    assert.equal(rs2.metadata?.annotations?.['deployment.kubernetes.io/revision'], '2');
    assert.equal(d2.metadata?.annotations?.['deployment.kubernetes.io/revision'], '2');
    const msgs = scaling(h);
    // maxSurge 25% of 4 = 1, maxUnavailable 25% of 4 = 1: one new pod first, then old ones down.
    assert.equal(msgs[0], `Scaled up replica set ${rs2.metadata?.name} to 1`);
    assert.equal(msgs[1], `Scaled down replica set ${rs1!.metadata?.name} to 3 from 4`);
    assert.ok(msgs.includes(`Scaled down replica set ${rs1!.metadata?.name} to 0 from 1`), msgs.join('\n'));

    // kubectl rollout undo: the template goes back to revision 1's.
    const d3 = await rollTo(h, 'app', 'nginx:1');
    const again = replicaSetsOf(h.client, d3);
    assert.equal(again.length, 2, 'no third replica set');
    const back = again.find((r) => r.metadata?.name === rs1!.metadata?.name)!;
    assert.equal(back.spec.replicas, 4);
    assert.equal(back.metadata?.annotations?.['deployment.kubernetes.io/revision'], '3');
    assert.equal(back.metadata?.annotations?.['deployment.kubernetes.io/revision-history'], '1');
    assert.equal(d3.metadata?.annotations?.['deployment.kubernetes.io/revision'], '3');
  } finally {
    await h.stop();
  }
});

test('a scaled deployment resizes its only replica set and records the annotations', async () => {
  const h = await start();
  try {
    await h.client.create(DEPLOYMENTS, 'default', deployment('s', { replicas: 2 }));
    await rollTo(h, 's', 'nginx:1');
    const d = await mutate(h, 's', (x) => void (x.spec.replicas = 10));
    const rs = await until(() => replicaSetsOf(h.client, d).find((r) => r.spec.replicas === 10));
    assert.equal(rs.metadata?.annotations?.['deployment.kubernetes.io/desired-replicas'], '10');
    assert.equal(rs.metadata?.annotations?.['deployment.kubernetes.io/max-replicas'], '13');
    assert.ok(scaling(h).includes(`Scaled up replica set ${rs.metadata?.name} to 10 from 2`));
    await mutate(h, 's', (x) => void (x.spec.replicas = 0));
    await until(() => replicaSetsOf(h.client, d).find((r) => r.spec.replicas === 0));
    await settleReplicaSets(h.client);
    await until(async () => (await getDeployment(h.client, 's')).status?.replicas === 0);
  } finally {
    await h.stop();
  }
});

test('paused: a template change makes no new replica set, scaling still applies; resume rolls out', async () => {
  const h = await start();
  try {
    await h.client.create(DEPLOYMENTS, 'default', deployment('p', { replicas: 2 }));
    await rollTo(h, 'p', 'nginx:1');
    const d = await mutate(h, 'p', (x) => {
      x.spec.paused = true;
      x.spec.template!.spec!.containers = [{ name: 'c', image: 'nginx:2' }];
      x.spec.replicas = 5;
    });
    const paused = await until(async () => {
      const x = await getDeployment(h.client, 'p');
      return cond(x, 'Progressing')?.reason === 'DeploymentPaused' && x.status?.observedGeneration === x.metadata?.generation ? x : undefined;
    });
    assert.equal(cond(paused, 'Progressing')?.status, 'Unknown');
    await until(() => replicaSetsOf(h.client, d).find((r) => r.spec.replicas === 5));
    assert.equal(replicaSetsOf(h.client, d).length, 1);

    await mutate(h, 'p', (x) => void (x.spec.paused = false));
    const done = await rollTo(h, 'p', 'nginx:2');
    assert.equal(replicaSetsOf(h.client, done).length, 2);
    assert.equal(cond(done, 'Progressing')?.reason, 'NewReplicaSetAvailable');
  } finally {
    await h.stop();
  }
});

test('ReplicaSetUpdated while progressing, ProgressDeadlineExceeded once the deadline passes', async () => {
  let now = Date.now();
  const h = harness({}, new ServerLikeFake());
  await h.run((ctx) => new DeploymentController(ctx, () => new Date(now)));
  try {
    await h.client.create(DEPLOYMENTS, 'default', deployment('slow', { replicas: 2, progressDeadlineSeconds: 30 }));
    await until(() => replicaSetsOf(h.client, { metadata: {} } as Deployment).length === 0 && h.client.objects<ReplicaSet>(REPLICASETS).length === 1);
    await settleReplicaSets(h.client, () => 1);
    const progressing = await until(async () => {
      const x = await getDeployment(h.client, 'slow');
      return cond(x, 'Progressing')?.reason === 'ReplicaSetUpdated' ? x : undefined;
    });
    assert.match(cond(progressing, 'Progressing')!.message!, /^ReplicaSet "slow-[4-9bcdf]+" is progressing\.$/);
    // maxUnavailable 25% of 2 rounds down to 0: one available pod is not enough.
    assert.equal(cond(progressing, 'Available')?.status, 'False');
    assert.equal(cond(progressing, 'Available')?.reason, 'MinimumReplicasUnavailable');
    now += 60_000;
    await mutate(h, 'slow', (d) => void (d.metadata!.labels = { poke: '1' }));
    const timedOut = await until(async () => {
      const x = await getDeployment(h.client, 'slow');
      return cond(x, 'Progressing')?.reason === 'ProgressDeadlineExceeded' ? x : undefined;
    });
    assert.equal(cond(timedOut, 'Progressing')?.status, 'False');
    assert.match(cond(timedOut, 'Progressing')!.message!, /has timed out progressing\.$/);
  } finally {
    await h.stop();
  }
});

test('minReadySeconds is copied to the new replica set without a new rollout; a failed create is reported', async () => {
  const h = await start();
  try {
    await h.client.create(DEPLOYMENTS, 'default', deployment('mr', { replicas: 1 }));
    await rollTo(h, 'mr', 'nginx:1');
    await mutate(h, 'mr', (d) => void (d.spec.minReadySeconds = 5));
    const d = await getDeployment(h.client, 'mr');
    await until(() => replicaSetsOf(h.client, d)[0]?.spec.minReadySeconds === 5);
    assert.equal(replicaSetsOf(h.client, d).length, 1);

    h.client.prependReactor((a) => {
      if (a.verb === 'create' && a.resource === 'replicasets') throw new Error('quota exceeded');
      return undefined;
    });
    await mutate(h, 'mr', (x) => void (x.spec.template!.spec!.containers = [{ name: 'c', image: 'nginx:9' }]));
    const failed = await until(async () => {
      const x = await getDeployment(h.client, 'mr');
      return cond(x, 'Progressing')?.reason === 'ReplicaSetCreateError' ? x : undefined;
    });
    assert.equal(cond(failed, 'Progressing')?.status, 'False');
    assert.match(cond(failed, 'Progressing')!.message!, /^Failed to create new replica set "mr-[4-9bcdf]+": quota exceeded$/);
    assert.ok(h.events.some((e) => e.type === 'Warning' && e.reason === 'ReplicaSetCreateError'));
  } finally {
    await h.stop();
  }
});

test('scaling a deployment in the middle of a rollout resizes both replica sets proportionally', async () => {
  const h = await start();
  try {
    await h.client.create(DEPLOYMENTS, 'default', deployment('pr', { replicas: 4 }));
    const d1 = await rollTo(h, 'pr', 'nginx:1');
    const [oldRS] = replicaSetsOf(h.client, d1);
    await mutate(h, 'pr', (d) => void (d.spec.template!.spec!.containers = [{ name: 'c', image: 'nginx:2' }]));
    const isNew = (rs: ReplicaSet) => rs.metadata?.name !== oldRS!.metadata?.name;
    // New pods never become available: the rollout stalls at old 3 + new 2 (maxSurge 1, maxUnavailable 1).
    const stalled = await until(async () => {
      await settleReplicaSets(h.client, (rs) => (isNew(rs) ? 0 : (rs.spec.replicas ?? 0)));
      const l = replicaSetsOf(h.client, d1);
      return l.length === 2 && l.map((r) => r.spec.replicas).join() === '3,2' ? l : undefined;
    });
    const newRS = stalled.find(isNew)!;
    h.events.length = 0;
    await mutate(h, 'pr', (d) => void (d.spec.replicas = 8));
    // 10 allowed (8 + surge 2), 5 present: old 3*10/5 = 6, new 2*10/5 = 4.
    await until(() => replicaSetsOf(h.client, d1).map((r) => r.spec.replicas).join() === '6,4', 3000, 'proportional sizes');
    assert.deepEqual(scaling(h).slice(0, 2), [`Scaled up replica set ${oldRS!.metadata?.name} to 6 from 3`, `Scaled up replica set ${newRS.metadata?.name} to 4 from 2`]);
    for (const rs of replicaSetsOf(h.client, d1)) {
      assert.equal(rs.metadata?.annotations?.['deployment.kubernetes.io/desired-replicas'], '8');
      assert.equal(rs.metadata?.annotations?.['deployment.kubernetes.io/max-replicas'], '10');
    }
  } finally {
    await h.stop();
  }
});
