import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NODES, PODS } from '../../client/gvr.js';
import { harness, until } from '../testing.js';
import { PodGC, terminatedToDelete } from './podgc.js';

const pod = (name: string, extra: Record<string, unknown> = {}) => ({ metadata: { name, namespace: 'ns', ...(extra.metadata as object) }, spec: { nodeName: 'n1', ...(extra.spec as object) }, status: extra.status ?? { phase: 'Running' } });

test('terminatedToDelete picks evicted, then oldest terminated pods beyond the threshold', () => {
  const pods = [
    pod('old', { metadata: { creationTimestamp: '2024-01-01T00:00:00Z' }, status: { phase: 'Succeeded' } }),
    pod('new', { metadata: { creationTimestamp: '2024-01-03T00:00:00Z' }, status: { phase: 'Failed' } }),
    pod('evicted', { metadata: { creationTimestamp: '2024-01-05T00:00:00Z' }, status: { phase: 'Failed', reason: 'Evicted' } }),
    pod('running', { metadata: { creationTimestamp: '2023-01-01T00:00:00Z' } }),
  ];
  assert.deepEqual(terminatedToDelete(pods, 1).map((p) => p.metadata!.name), ['evicted', 'old']);
  assert.deepEqual(terminatedToDelete(pods, 3), []);
  assert.deepEqual(terminatedToDelete(pods, 0), [], 'threshold 0 disables');
});

test('podgc deletes terminated pods over the threshold and unscheduled terminating pods', async () => {
  const h = harness({ podGcPeriodMs: 60_000, terminatedPodGcThreshold: 1 } as object);
  await h.client.create(NODES, '', { metadata: { name: 'n1' } });
  await h.client.create(PODS, 'ns', pod('a', { metadata: { creationTimestamp: '2024-01-01T00:00:00Z' }, status: { phase: 'Succeeded' } }));
  await h.client.create(PODS, 'ns', pod('b', { metadata: { creationTimestamp: '2024-01-02T00:00:00Z' }, status: { phase: 'Succeeded' } }));
  await h.client.create(PODS, 'ns', pod('c'));
  await h.client.create(PODS, 'ns', { metadata: { name: 'stuck', finalizers: ['x'] }, spec: {} });
  await h.client.delete(PODS, 'ns', 'stuck');
  await h.run((ctx) => new PodGC(ctx));
  try {
    await until(() => !h.client.objects(PODS).some((p) => p.metadata?.name === 'a'), 3000, 'oldest terminated pod deleted');
    const deletes = h.client.actions.filter((a) => a.verb === 'delete' && a.resource === 'pods');
    assert.ok(deletes.some((a) => a.name === 'stuck' && (a.body as { gracePeriodSeconds?: number }).gracePeriodSeconds === 0), 'unscheduled terminating pod force-deleted');
    assert.deepEqual(h.client.objects(PODS).map((p) => p.metadata!.name).filter((n) => n !== 'stuck').sort(), ['b', 'c']);
  } finally {
    await h.stop();
  }
});

test('podgc deletes pods of a vanished node only after the quarantine, marking them Failed', async () => {
  let now = 1_000_000;
  const h = harness({ podGcPeriodMs: 60_000, podGcQuarantineMs: 40_000 } as object);
  await h.client.create(NODES, '', { metadata: { name: 'n1' } });
  await h.client.create(PODS, 'ns', pod('on-gone', { spec: { nodeName: 'gone' } }));
  await h.client.create(PODS, 'ns', pod('on-n1'));
  const gc = (await h.run((ctx) => new PodGC(ctx, () => now))) as PodGC;
  try {
    await until(() => h.client.actions.some((a) => a.verb === 'list' && a.resource === 'nodes'));
    await gc.collect();
    now += 10_000;
    await gc.collect();
    assert.equal(h.client.objects(PODS).length, 2, 'still in quarantine');
    // A status patch is recorded before the delete.
    const patched: string[] = [];
    h.client.prependReactor((a) => {
      if (a.verb === 'patch' && a.subresource === 'status') patched.push(JSON.stringify(a.body));
      return undefined;
    });
    now += 40_000;
    await gc.collect();
    assert.deepEqual(h.client.objects(PODS).map((p) => p.metadata!.name), ['on-n1']);
    assert.equal(patched.length, 1);
    assert.match(patched[0]!, /"phase":"Failed"/);
    assert.match(patched[0]!, /DeletionByPodGC/);
  } finally {
    await h.stop();
  }
});

test('podgc keeps pods whose node the live API still has', async () => {
  let now = 0;
  const h = harness({ podGcPeriodMs: 60_000, podGcQuarantineMs: 10 } as object);
  await h.client.create(PODS, 'ns', pod('p', { spec: { nodeName: 'late' } }));
  const gc = (await h.run((ctx) => new PodGC(ctx, () => now))) as PodGC;
  try {
    // The node exists in the API but not (yet) in the informer's cache.
    h.client.prependReactor((a) => (a.verb === 'get' && a.resource === 'nodes' ? { metadata: { name: 'late' } } : undefined));
    await gc.collect();
    now += 100;
    await gc.collect();
    assert.equal(h.client.objects(PODS).length, 1);
  } finally {
    await h.stop();
  }
});
