import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PODS, SERVICES } from '../../client/gvr.js';
import { harness, until } from '../testing.js';
import { createEndpointSliceController, ENDPOINTSLICES } from './endpointslice-controller.js';
import { pod, svc } from './fixtures.js';
import { TRIGGER_TIME_ANNOTATION } from './pods.js';
import { desiredGroups, MANAGED_BY, MANAGED_BY_LABEL, planSlices, SERVICE_NAME_LABEL, type EndpointSlice } from './slices.js';

test('planSlices: at most 100 endpoints per slice, existing placements kept, placeholder when empty', () => {
  const s = svc('web');
  const pods = Array.from({ length: 150 }, (_, i) => pod(`p${i}`, `10.0.${Math.floor(i / 250)}.${(i % 250) + 1}`, true));
  const first = planSlices(s, desiredGroups(s, pods), []);
  assert.deepEqual(first.create.map((x) => x.endpoints!.length), [100, 50]);
  // Pretend those were stored; removing one pod only updates the slice that held it.
  const stored = first.create.map((x, i) => ({ ...x, metadata: { ...x.metadata, name: `web-${i}`, resourceVersion: '1' } }));
  const second = planSlices(s, desiredGroups(s, pods.slice(1)), stored);
  assert.deepEqual(second.create, []);
  assert.deepEqual(second.delete, []);
  assert.deepEqual(second.update.map((x) => [x.metadata?.name, x.endpoints!.length]), [['web-0', 99]]);
  const none = planSlices(s, desiredGroups(s, []), stored);
  assert.deepEqual(none.delete.map((x) => x.metadata?.name), ['web-0', 'web-1']);
  assert.equal(none.create.length, 1);
  assert.deepEqual(none.create[0]!.endpoints, []);
});

test('endpointslice controller: labels, owner, ports, conditions; follows readiness', async () => {
  const h = harness();
  const service = await h.client.create(SERVICES, 'ns', svc('web', {}, { tier: 'front' }));
  await h.client.create(PODS, 'ns', pod('a', '10.0.0.1', true, { spec: { hostname: 'a', subdomain: 'web' } }));
  await h.client.create(PODS, 'ns', pod('b', '10.0.0.2', false));
  await h.client.create(PODS, 'ns', pod('t', '10.0.0.3', true, { deleting: true }));
  await h.run(createEndpointSliceController);
  const slices = (): EndpointSlice[] => h.client.objects<EndpointSlice>(ENDPOINTSLICES);
  try {
    const slice = await until(() => slices()[0], 3000, 'slice created');
    assert.equal(slice.metadata?.generateName, 'web-');
    assert.deepEqual(slice.metadata?.labels, { tier: 'front', [SERVICE_NAME_LABEL]: 'web', [MANAGED_BY_LABEL]: MANAGED_BY });
    assert.deepEqual(slice.metadata?.ownerReferences, [{ apiVersion: 'v1', kind: 'Service', name: 'web', uid: service.metadata!.uid, controller: true, blockOwnerDeletion: true }]);
    assert.equal(slice.addressType, 'IPv4');
    assert.equal(slice.metadata?.annotations?.[TRIGGER_TIME_ANNOTATION], '2024-01-01T00:00:00Z');
    assert.deepEqual(slice.ports, [{ name: 'http', port: 8080, protocol: 'TCP' }]);
    const byIp = Object.fromEntries(slice.endpoints!.map((e) => [e.addresses[0], e]));
    assert.deepEqual(byIp['10.0.0.1'], {
      addresses: ['10.0.0.1'],
      conditions: { ready: true, serving: true, terminating: false },
      hostname: 'a',
      nodeName: 'n1',
      targetRef: { kind: 'Pod', namespace: 'ns', name: 'a', uid: 'uid-a' },
    });
    assert.deepEqual(byIp['10.0.0.2']!.conditions, { ready: false, serving: false, terminating: false });
    assert.deepEqual(byIp['10.0.0.3']!.conditions, { ready: false, serving: true, terminating: true });

    await h.client.patch(PODS, 'ns', 'b', 'merge', { status: { conditions: [{ type: 'Ready', status: 'True' }] } }, { subresource: 'status' });
    await until(() => slices()[0]?.endpoints?.find((e) => e.addresses[0] === '10.0.0.2')?.conditions.ready, 3000, 'b ready');
    await h.client.delete(PODS, 'ns', 'a');
    await h.client.delete(PODS, 'ns', 'b');
    await h.client.delete(PODS, 'ns', 't');
    await until(() => slices().length === 1 && slices()[0]!.endpoints?.length === 0, 3000, 'placeholder slice');
    assert.equal(slices().length, 1);
  } finally {
    await h.stop();
  }
});

test('a deleted managed slice is re-created; unmanaged slices and selector-less services are ignored', async () => {
  const h = harness();
  await h.client.create(SERVICES, 'ns', svc('web'));
  await h.client.create(SERVICES, 'ns', svc('manual', { selector: undefined }));
  await h.client.create(ENDPOINTSLICES, 'ns', { metadata: { name: 'mine', labels: { [SERVICE_NAME_LABEL]: 'web' } }, addressType: 'IPv4', endpoints: [] });
  await h.client.create(PODS, 'ns', pod('a', '10.0.0.1', true));
  await h.run(createEndpointSliceController);
  try {
    const managed = (): EndpointSlice[] => h.client.objects<EndpointSlice>(ENDPOINTSLICES).filter((s) => s.metadata?.labels?.[MANAGED_BY_LABEL] === MANAGED_BY);
    const first = await until(() => managed()[0], 3000, 'slice created');
    await h.client.delete(ENDPOINTSLICES, 'ns', String(first.metadata!.name));
    await until(() => managed().length === 1 && managed()[0]!.metadata?.name !== first.metadata!.name, 3000, 're-created');
    assert.ok(h.client.objects(ENDPOINTSLICES).some((s) => s.metadata?.name === 'mine'), 'unmanaged slice untouched');
    assert.equal(managed().filter((s) => s.metadata?.labels?.[SERVICE_NAME_LABEL] === 'manual').length, 0);
  } finally {
    await h.stop();
  }
});
