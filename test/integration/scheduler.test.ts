// The in-cluster client and the scheduler against a real `skiff up`: REST
// verbs, watch and informer over HTTP; then pods scheduled onto fake Node
// objects created through the API (no node agent involved).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { KubeObject } from '../../src/apiserver/types.js';
import { CONFIGMAPS, EVENTS, NODES, PODS } from '../../src/client/gvr.js';
import { SharedInformer } from '../../src/client/informer.js';
import { HttpResourceClient } from '../../src/client/rest.js';
import { ApiError, type WatchEvent } from '../../src/client/types.js';
import type { Pod } from '../../src/scheduler/framework/types.js';
import { startScheduler, type RunningScheduler } from '../../src/scheduler/index.js';
import { makeNode, makePod } from '../../src/scheduler/testing.js';
import { type Cluster, startSkiff } from '../helpers/cluster.js';

async function until<T>(fn: () => Promise<T | undefined> | T | undefined, ms = 20000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('in-cluster client and scheduler against skiff up', () => {
  let c: Cluster;
  let client: HttpResourceClient;
  const suffix = Math.random().toString(36).slice(2, 7);
  // A scheduler name of our own, so a scheduler that `skiff up` may run does not race with this one.
  const schedulerName = `test-scheduler-${suffix}`;

  before(async () => {
    c = await startSkiff();
    client = new HttpResourceClient(c.url, { userAgent: 'skiff-test' });
  });
  after(async () => {
    client?.close();
    await c?.stop();
    c?.cleanup();
  });

  it('does REST verbs with every patch type, and maps Status errors to ApiError', async () => {
    const cm = await client.create<KubeObject>(CONFIGMAPS, 'default', { metadata: { name: 'cm1' }, data: { a: '1' } });
    assert.ok(cm.metadata?.uid);
    await client.patch(CONFIGMAPS, 'default', 'cm1', 'merge', { data: { b: '2' } });
    await client.patch(CONFIGMAPS, 'default', 'cm1', 'strategic', { data: { c: '3' } });
    await client.patch(CONFIGMAPS, 'default', 'cm1', 'json', [{ op: 'remove', path: '/data/a' }]);
    await client.patch(CONFIGMAPS, 'default', 'cm1', 'apply', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm1' }, data: { d: '4' } }, { fieldManager: 'test', force: true });
    const got = await client.get(CONFIGMAPS, 'default', 'cm1');
    assert.deepEqual(got.data, { b: '2', c: '3', d: '4' });
    const updated = await client.update(CONFIGMAPS, 'default', { ...got, data: { only: 'this' } });
    await assert.rejects(client.update(CONFIGMAPS, 'default', got), (e: unknown) => e instanceof ApiError && e.code === 409 && e.reason === 'Conflict');
    assert.deepEqual(updated.data, { only: 'this' });
    const list = await client.list(CONFIGMAPS, 'default', { fieldSelector: 'metadata.name=cm1' });
    assert.deepEqual(list.items.map((i) => i.metadata?.name), ['cm1']);
    await client.delete(CONFIGMAPS, 'default', 'cm1');
    await assert.rejects(client.get(CONFIGMAPS, 'default', 'cm1'), (e: unknown) => e instanceof ApiError && e.code === 404 && e.reason === 'NotFound');
  });

  it('watches from a resourceVersion and feeds an informer', async () => {
    const rv = (await client.list(CONFIGMAPS, 'default')).metadata.resourceVersion!;
    const seen: string[] = [];
    const h = client.watch(CONFIGMAPS, 'default', { resourceVersion: rv, allowWatchBookmarks: true }, (ev: WatchEvent) => {
      if (ev.type !== 'BOOKMARK') seen.push(`${ev.type} ${ev.object.metadata?.name}`);
    }, () => {});
    const inf = new SharedInformer(client, CONFIGMAPS, 'default');
    const log: string[] = [];
    inf.addEventHandler({ add: (o) => log.push(`add ${o.metadata?.name}`), update: (_o, n) => log.push(`update ${n.metadata?.name}`), delete: (o) => log.push(`delete ${o.metadata?.name}`) });
    await inf.start();
    try {
      await client.create(CONFIGMAPS, 'default', { metadata: { name: 'w1' } });
      await client.patch(CONFIGMAPS, 'default', 'w1', 'merge', { data: { x: 'y' } });
      await client.delete(CONFIGMAPS, 'default', 'w1');
      await until(() => seen.length === 3 && log.length === 3);
      assert.deepEqual(seen, ['ADDED w1', 'MODIFIED w1', 'DELETED w1']);
      assert.deepEqual(log, ['add w1', 'update w1', 'delete w1']);
    } finally {
      h.stop();
      inf.stop();
    }
  });

  describe('scheduler', () => {
    let sched: RunningScheduler;
    before(async () => {
      sched = startScheduler(client, { schedulerName, initialBackoffMs: 200, maxBackoffMs: 1000 });
      await sched.ready;
    });
    after(async () => {
      await sched?.stop();
    });

    const nodeOf = async (name: string): Promise<string | undefined> => (await client.get<Pod>(PODS, 'default', name)).spec?.nodeName || undefined;

    it('binds pods to the node that fits; an unschedulable pod gets the condition and event, and is bound once a node fits', async () => {
      await client.create(NODES, '', makeNode(`small-${suffix}`, { cpu: '1', memory: '2Gi' }));
      await client.create(NODES, '', makeNode(`tainted-${suffix}`, { cpu: '32', taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }] }));
      await client.create(PODS, 'default', makePod(`fits-${suffix}`, { cpu: '500m', schedulerName }));
      assert.equal(await until(() => nodeOf(`fits-${suffix}`)), `small-${suffix}`);
      const scheduled = await until(async () => (await client.list(EVENTS, 'default', { fieldSelector: `involvedObject.name=fits-${suffix},reason=Scheduled` })).items[0]);
      assert.equal(scheduled.message, `Successfully assigned default/fits-${suffix} to small-${suffix}`);

      const big = `big-pod-${suffix}`;
      await client.create(PODS, 'default', makePod(big, { cpu: '4', schedulerName }));
      const cond = await until(async () => (await client.get<Pod>(PODS, 'default', big)).status?.conditions?.find((x) => x.type === 'PodScheduled'));
      assert.equal(cond.status, 'False');
      assert.equal(cond.reason, 'Unschedulable');
      assert.equal(
        cond.message,
        '0/2 nodes are available: 1 Insufficient cpu, 1 node(s) had untolerated taint {dedicated: gpu}. ' +
          'preemption: 0/2 nodes are available: 1 No preemption victims found for incoming pod, 1 Preemption is not helpful for scheduling..',
      );
      const failed = await until(async () => (await client.list(EVENTS, 'default', { fieldSelector: `involvedObject.name=${big},reason=FailedScheduling` })).items[0]);
      assert.equal(failed.type, 'Warning');
      assert.equal(failed.message, cond.message);

      await client.create(NODES, '', makeNode(`large-${suffix}`, { cpu: '8', memory: '16Gi' }));
      assert.equal(await until(() => nodeOf(big)), `large-${suffix}`);
    });
  });
});
