import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeResourceClient } from '../client/fake.js';
import { EventRecorder, podRef, SpamFilter } from './events.js';
import { EVENTS, type Pod } from './types.js';

test('records events and aggregates repeats into count', async () => {
  const client = new FakeResourceClient();
  const rec = new EventRecorder(client, 'node-1');
  const pod: Pod = { metadata: { name: 'p', namespace: 'ns', uid: 'u1' } };
  const ref = podRef(pod, { name: 'c', kind: 'app' });
  rec.event(ref, 'Warning', 'BackOff', 'Back-off restarting failed container c in pod p_ns(u1)');
  rec.event(ref, 'Warning', 'BackOff', 'Back-off restarting failed container c in pod p_ns(u1)');
  rec.event(ref, 'Normal', 'Pulled', 'Container image "x" already present on machine');
  await rec.flush();
  const evs = client.objects(EVENTS) as Array<Record<string, any>>;
  assert.equal(evs.length, 2);
  const backoff = evs.find((e) => e.reason === 'BackOff')!;
  assert.equal(backoff.count, 2);
  assert.equal(backoff.type, 'Warning');
  assert.equal(backoff.involvedObject.fieldPath, 'spec.containers{c}');
  assert.deepEqual(backoff.source, { component: 'kubelet', host: 'node-1' });
  assert.match(backoff.metadata.name, /^p\.[0-9a-f]+$/);
});

test('the spam filter lets 25 events per object through, then one per 5 minutes', () => {
  let now = 0;
  const f = new SpamFilter(25, 300_000, () => now);
  const ref = { kind: 'ReplicaSet', apiVersion: 'apps/v1', namespace: 'ns', name: 'rs', uid: 'u1' };
  let passed = 0;
  for (let i = 0; i < 100; i++) if (f.allow(ref, 'replicaset-controller')) passed++;
  assert.equal(passed, 25);
  assert.equal(f.allow({ ...ref, name: 'other', uid: 'u2' }, 'replicaset-controller'), true, 'per object');
  assert.equal(f.allow(ref, 'kubelet'), true, 'per source');
  now += 299_000;
  assert.equal(f.allow(ref, 'replicaset-controller'), false);
  now += 1_000;
  assert.equal(f.allow(ref, 'replicaset-controller'), true);
  assert.equal(f.allow(ref, 'replicaset-controller'), false);
});
