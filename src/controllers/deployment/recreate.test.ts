import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isConflict } from '../../client/errors.js';
import { harness, until } from '../testing.js';
import { DeploymentController } from './controller.js';
import { oldPodsRunning } from './recreate.js';
import { deployment, DEPLOYMENTS, getDeployment, PODS, podOf, replicaSetsOf, ServerLikeFake, settleReplicaSets } from './testutil.js';
import type { Deployment, ReplicaSet } from './types.js';

test('oldPodsRunning ignores the new set and terminal pods', () => {
  const oldRS: ReplicaSet = { metadata: { name: 'o', uid: 'o' }, spec: { replicas: 0 }, status: { replicas: 0 } };
  const newRS: ReplicaSet = { metadata: { name: 'n', uid: 'n' }, spec: { replicas: 1 } };
  const pods = (phase: string) => new Map([['o', [podOf(oldRS, 'p', phase)]], ['n', [podOf(newRS, 'q')]]]);
  assert.equal(oldPodsRunning(newRS, [oldRS], pods('Succeeded')), false);
  assert.equal(oldPodsRunning(newRS, [oldRS], pods('Failed')), false);
  assert.equal(oldPodsRunning(newRS, [oldRS], pods('Running')), true);
  assert.equal(oldPodsRunning(newRS, [oldRS], pods('Unknown')), true);
  assert.equal(oldPodsRunning(newRS, [{ ...oldRS, status: { replicas: 1 } }], new Map()), true);
});

test('Recreate scales the old set to zero, waits for its pods to be gone, then scales up the new one', async () => {
  const h = harness({}, new ServerLikeFake());
  await h.run((ctx) => new DeploymentController(ctx));
  try {
    const created = await h.client.create<Deployment>(DEPLOYMENTS, 'default', deployment('rc', { replicas: 2, strategy: { type: 'Recreate' } }));
    const [rs1] = await until(() => {
      const l = replicaSetsOf(h.client, created);
      return l.length === 1 ? l : undefined;
    });
    await settleReplicaSets(h.client);
    await h.client.create(PODS, 'default', podOf(rs1!, 'rc-a'));
    await h.client.create(PODS, 'default', podOf(rs1!, 'rc-b'));
    await until(async () => (await getDeployment(h.client, 'rc')).status?.availableReplicas === 2);

    for (;;) {
      const d = await getDeployment(h.client, 'rc');
      d.spec.template!.spec!.containers = [{ name: 'c', image: 'nginx:2' }];
      try {
        await h.client.update(DEPLOYMENTS, 'default', d);
        break;
      } catch (e) {
        if (!isConflict(e)) throw e;
      }
    }
    await until(() => replicaSetsOf(h.client, created)[0]!.spec.replicas === 0, 3000, 'old set scaled to 0');
    await settleReplicaSets(h.client);
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(replicaSetsOf(h.client, created).length, 1, 'no new set while old pods run');

    await h.client.delete(PODS, 'default', 'rc-a');
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(replicaSetsOf(h.client, created).length, 1, 'one old pod still runs');
    await h.client.delete(PODS, 'default', 'rc-b');
    const rs2 = await until(() => replicaSetsOf(h.client, created)[1], 3000, 'new replica set');
    assert.equal(rs2.spec.replicas, 2);
    const msgs = h.events.filter((e) => e.reason === 'ScalingReplicaSet').map((e) => e.message);
    assert.deepEqual(msgs, [`Scaled up replica set ${rs1!.metadata?.name} to 2`, `Scaled down replica set ${rs1!.metadata?.name} to 0 from 2`, `Scaled up replica set ${rs2.metadata?.name} to 2`]);
    assert.equal(rs2.metadata?.annotations?.['deployment.kubernetes.io/max-replicas'], '2');
  } finally {
    await h.stop();
  }
});
