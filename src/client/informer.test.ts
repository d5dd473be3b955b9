import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FakeResourceClient } from './fake.js';
import { CONFIGMAPS, PODS as PODS_GVR } from './gvr.js';
import { SharedInformer, stripManagedFields } from './informer.js';
import { namespaceIndex } from './store.js';
import { ApiError } from './types.js';

async function until(cond: () => boolean, ms = 2000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}

function recorder(inf: SharedInformer): string[] {
  const log: string[] = [];
  inf.addEventHandler({
    add: (o) => log.push(`add ${o.metadata?.name}`),
    update: (old, o) => log.push(`update ${o.metadata?.name} ${(old.data as { v?: string })?.v}->${(o.data as { v?: string })?.v}`),
    delete: (o) => log.push(`delete ${o.metadata?.name}`),
  });
  return log;
}

test('lists, then follows add/update/delete through the watch', async () => {
  const c = new FakeResourceClient();
  await c.create(CONFIGMAPS, 'a', { metadata: { name: 'one' }, data: { v: '1' } });
  const inf = new SharedInformer(c, CONFIGMAPS);
  const log = recorder(inf);
  await inf.start();
  assert.ok(inf.hasSynced());
  assert.deepEqual(log, ['add one']);
  await c.create(CONFIGMAPS, 'b', { metadata: { name: 'two' }, data: { v: '1' } });
  await c.patch(CONFIGMAPS, 'a', 'one', 'merge', { data: { v: '2' } });
  await c.delete(CONFIGMAPS, 'b', 'two');
  await until(() => log.length === 4);
  assert.deepEqual(log, ['add one', 'add two', 'update one 1->2', 'delete two']);
  assert.equal(inf.get('a/one')?.data && (inf.get('a/one')!.data as { v: string }).v, '2');
  assert.equal(inf.get('b/two'), undefined);
  inf.stop();
  assert.equal(c.openWatches(), 0);
});

test('a late handler hears about every cached object; indexes follow the cache', async () => {
  const c = new FakeResourceClient();
  await c.create(CONFIGMAPS, 'a', { metadata: { name: 'x' } });
  await c.create(CONFIGMAPS, 'b', { metadata: { name: 'y' } });
  const inf = new SharedInformer(c, CONFIGMAPS);
  inf.addIndex('namespace', namespaceIndex);
  await inf.start();
  const late = recorder(inf);
  assert.deepEqual(late.sort(), ['add x', 'add y']);
  assert.deepEqual(inf.byIndex('namespace', 'a').map((o) => o.metadata?.name), ['x']);
  await c.delete(CONFIGMAPS, 'a', 'x');
  await until(() => inf.byIndex('namespace', 'a').length === 0);
  inf.stop();
});

test('re-watches from the last version after a broken watch without re-listing', async () => {
  const c = new FakeResourceClient();
  const inf = new SharedInformer(c, CONFIGMAPS, '', { backoffInitialMs: 5 });
  const log = recorder(inf);
  await inf.start();
  await c.create(CONFIGMAPS, 'a', { metadata: { name: 'one' } });
  await until(() => log.length === 1);
  c.breakWatches(new Error('connection reset'));
  await c.create(CONFIGMAPS, 'a', { metadata: { name: 'two' } });
  await until(() => log.length === 2);
  assert.deepEqual(log, ['add one', 'add two']);
  assert.equal(inf.listCount, 1);
  inf.stop();
});

test('re-lists on 410 Gone and reconciles the cache (deletes missed while away)', async () => {
  const c = new FakeResourceClient();
  await c.create(CONFIGMAPS, 'a', { metadata: { name: 'keep' }, data: { v: '1' } });
  await c.create(CONFIGMAPS, 'a', { metadata: { name: 'gone' } });
  const inf = new SharedInformer(c, CONFIGMAPS, '', { backoffInitialMs: 5 });
  const log = recorder(inf);
  await inf.start();
  // The watch breaks; while the informer backs off, things change and history is compacted.
  c.breakWatches(new Error('connection reset'));
  await c.delete(CONFIGMAPS, 'a', 'gone');
  await c.patch(CONFIGMAPS, 'a', 'keep', 'merge', { data: { v: '2' } });
  c.compact();
  // Re-watching from the old version meets 410 Gone, so the informer lists again.
  await until(() => log.length === 4);
  assert.deepEqual(log, ['add gone', 'add keep', 'update keep 1->2', 'delete gone']);
  assert.equal(inf.listCount, 2);
  inf.stop();
});

test('retries the initial list with back-off until it succeeds', async () => {
  const c = new FakeResourceClient();
  let fails = 2;
  c.prependReactor((a) => {
    if (a.verb === 'list' && fails-- > 0) throw new ApiError(503, 'ServiceUnavailable', 'not yet');
    return undefined;
  });
  const errors: string[] = [];
  const inf = new SharedInformer(c, CONFIGMAPS, '', { backoffInitialMs: 5, onError: (e) => errors.push(e.message) });
  await inf.start();
  assert.deepEqual(errors, ['not yet', 'not yet']);
  assert.ok(inf.hasSynced());
  inf.stop();
});

test('resync calls update(obj, obj) periodically', async () => {
  const c = new FakeResourceClient();
  await c.create(CONFIGMAPS, 'a', { metadata: { name: 'one' }, data: { v: '1' } });
  const inf = new SharedInformer(c, CONFIGMAPS, '', { resyncMs: 20 });
  const log = recorder(inf);
  await inf.start();
  await until(() => log.includes('update one 1->1'));
  inf.stop();
});

test('a watch restricted by a field selector drops objects that stop matching', async () => {
  const c = new FakeResourceClient();
  await c.create(CONFIGMAPS, 'a', { metadata: { name: 'one' }, data: { v: '1' } });
  const inf = new SharedInformer(c, CONFIGMAPS, '', { fieldSelector: 'data.v=1' });
  const log = recorder(inf);
  await inf.start();
  await c.patch(CONFIGMAPS, 'a', 'one', 'merge', { data: { v: '2' } });
  await until(() => log.length === 2);
  assert.deepEqual(log, ['add one', 'delete one']);
  inf.stop();
});

test('a transform runs on listed and watched objects before they are cached', async () => {
  const client = new FakeResourceClient();
  await client.create(PODS_GVR, 'default', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'a', managedFields: [{ manager: 'x' }] } } as never);
  const inf = new SharedInformer(client, PODS_GVR, '', { transform: stripManagedFields });
  const seen: unknown[] = [];
  inf.addEventHandler({ add: (o) => void seen.push(o.metadata?.managedFields), update: (_o, n) => void seen.push(n.metadata?.managedFields) });
  await inf.start();
  await client.create(PODS_GVR, 'default', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'b', managedFields: [{ manager: 'y' }] } } as never);
  for (let i = 0; i < 100 && !inf.get('default/b'); i++) await new Promise((r) => setTimeout(r, 5));
  assert.equal(inf.get('default/a')?.metadata?.managedFields, undefined);
  assert.equal(inf.get('default/b')?.metadata?.managedFields, undefined);
  assert.deepEqual(seen, [undefined, undefined]);
  inf.stop();
});
