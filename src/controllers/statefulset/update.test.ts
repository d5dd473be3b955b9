import { test } from 'node:test';
import assert from 'node:assert/strict';
import { until } from '../testing.js';
import { podRevision } from './identity.js';
import { CONTROLLER_REVISIONS, type ControllerRevision, type Pod, STATEFULSETS } from './types.js';
import { makeSet, NS, startSetHarness, type SetHarness } from './testing.js';

const image = (p: Pod): string => ((p.spec.containers as Array<{ image: string }>)[0]!).image;
const setImage = (img: string) => (s: { spec: { template: { spec?: Record<string, unknown> } } }) => {
  (s.spec.template.spec!.containers as Array<{ image: string }>)[0]!.image = img;
};

async function settled(h: SetHarness, check: (pods: Pod[], status: Record<string, unknown>) => boolean, what: string): Promise<void> {
  await until(async () => {
    const s = await h.set('web');
    const pods = h.pods();
    return pods.every((p) => p.status?.phase === 'Running') && check(pods, (s.status ?? {}) as Record<string, unknown>);
  }, 5000, what);
}

test('a partitioned rolling update replaces only ordinals at or above the partition, highest first', async () => {
  const h = await startSetHarness();
  try {
    h.autoReady();
    await h.client.create(STATEFULSETS, NS, makeSet('web', { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 1 } } }));
    await settled(h, (p, s) => p.length === 3 && s.readyReplicas === 3, 'three ready pods');
    const firstRev = podRevision(h.pods()[0]!);
    const deleted: string[] = [];
    h.client.prependReactor((a) => {
      if (a.verb === 'delete' && a.resource === 'pods') deleted.push(String(a.name));
      return undefined;
    });
    await h.updateSpec('web', setImage('nginx:2'));
    await settled(h, (_p, s) => s.updatedReplicas === 2 && s.readyReplicas === 3 && s.observedGeneration === 2, 'partitioned update');
    assert.deepEqual(deleted, ['web-2', 'web-1']);
    const byName = new Map(h.pods().map((p) => [p.metadata.name, p]));
    assert.equal(image(byName.get('web-0')!), 'nginx:1');
    assert.equal(image(byName.get('web-1')!), 'nginx:2');
    assert.equal(image(byName.get('web-2')!), 'nginx:2');
    const s = (await h.set('web')).status!;
    assert.equal(s.currentRevision, firstRev);
    assert.notEqual(s.updateRevision, firstRev);
    assert.equal(s.currentReplicas, 1);
    assert.equal(podRevision(byName.get('web-1')!), s.updateRevision);

    // Dropping the partition finishes the roll-out and makes the update revision current.
    await h.updateSpec('web', (x) => (x.spec.updateStrategy = { type: 'RollingUpdate', rollingUpdate: { partition: 0 } }));
    await settled(h, (_p, st) => st.currentRevision === st.updateRevision && st.currentReplicas === 3, 'complete roll-out');
    assert.ok(h.pods().every((p) => image(p) === 'nginx:2'));

    // Rolling back to the first template reuses its revision with a new number.
    await h.updateSpec('web', setImage('nginx:1'));
    await settled(h, (_p, st) => st.updateRevision === firstRev && st.currentRevision === firstRev && st.updatedReplicas === 3, 'rollback');
    const revs = h.client.objects<ControllerRevision>(CONTROLLER_REVISIONS);
    assert.equal(revs.length, 2);
    assert.equal(revs.find((r) => r.metadata.name === firstRev)?.revision, 3);
  } finally {
    await h.stop();
  }
});

test('OnDelete leaves pods alone until they are deleted', async () => {
  const h = await startSetHarness();
  try {
    h.autoReady();
    await h.client.create(STATEFULSETS, NS, makeSet('web', { replicas: 2, updateStrategy: { type: 'OnDelete' } }));
    await settled(h, (p, s) => p.length === 2 && s.readyReplicas === 2, 'two ready pods');
    await h.updateSpec('web', setImage('nginx:2'));
    await settled(h, (_p, s) => s.observedGeneration === 2 && s.currentRevision !== s.updateRevision, 'new update revision');
    await new Promise((r) => setTimeout(r, 100));
    assert.ok(h.pods().every((p) => image(p) === 'nginx:1'));
    await h.client.delete({ group: '', version: 'v1', resource: 'pods' }, NS, 'web-1');
    await settled(h, (p) => p.length === 2 && image(p.find((x) => x.metadata.name === 'web-1')!) === 'nginx:2', 'web-1 recreated at the update revision');
    assert.equal(image(h.pods().find((x) => x.metadata.name === 'web-0')!), 'nginx:1');
  } finally {
    await h.stop();
  }
});

test('maxUnavailable replaces several pods at once', async () => {
  const h = await startSetHarness();
  try {
    await h.client.create(STATEFULSETS, NS, makeSet('web', { replicas: 4, podManagementPolicy: 'Parallel', updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0, maxUnavailable: 2 } } }));
    await h.readyUntil(4);
    await settled(h, (_p, s) => s.readyReplicas === 4, 'four ready pods');
    const deleted: string[] = [];
    h.client.prependReactor((a) => {
      if (a.verb === 'delete' && a.resource === 'pods') deleted.push(String(a.name));
      return undefined;
    });
    await h.updateSpec('web', setImage('nginx:2'));
    await until(() => deleted.length >= 2, 3000, 'two deletions');
    await new Promise((r) => setTimeout(r, 100));
    assert.deepEqual(deleted, ['web-3', 'web-2'], 'at most two pods down at once');
    h.autoReady();
    await settled(h, (p, s) => s.updatedReplicas === 4 && s.readyReplicas === 4 && p.every((x) => image(x) === 'nginx:2'), 'all updated');
  } finally {
    await h.stop();
  }
});

test('revision history is pruned to revisionHistoryLimit', async () => {
  const h = await startSetHarness();
  try {
    h.autoReady();
    await h.client.create(STATEFULSETS, NS, makeSet('web', { replicas: 1, revisionHistoryLimit: 1 }));
    for (const img of ['nginx:2', 'nginx:3', 'nginx:4']) {
      await h.updateSpec('web', setImage(img));
      await settled(h, (p, s) => p.length === 1 && image(p[0]!) === img && s.currentRevision === s.updateRevision, img);
    }
    await until(() => h.client.objects(CONTROLLER_REVISIONS).length === 2, 3000, 'two revisions kept (live + 1)');
  } finally {
    await h.stop();
  }
});
