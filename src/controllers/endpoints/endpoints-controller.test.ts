import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PODS, SERVICES } from '../../client/gvr.js';
import { harness, until } from '../testing.js';
import { createEndpointsController, ENDPOINTS, type Endpoints } from './endpoints-controller.js';
import { pod, svc } from './fixtures.js';
import { HEADLESS_LABEL, TRIGGER_TIME_ANNOTATION } from './pods.js';

const addrs = (ep: Endpoints | undefined, field: 'addresses' | 'notReadyAddresses'): string[] => (ep?.subsets ?? []).flatMap((s) => (s[field] ?? []).map((a) => a.ip)).sort();

test('endpoints follow the selected pods: ready, not ready, removed', async () => {
  const h = harness();
  await h.client.create(SERVICES, 'ns', svc('web', {}, { tier: 'front' }));
  await h.client.create(PODS, 'ns', pod('a', '10.0.0.1', true));
  await h.client.create(PODS, 'ns', pod('b', '10.0.0.2', false));
  await h.client.create(PODS, 'ns', pod('other', '10.0.0.3', true, { labels: { app: 'db' } }));
  await h.run(createEndpointsController);
  try {
    const ep = await until(() => h.client.objects<Endpoints>(ENDPOINTS).find((e) => e.metadata?.name === 'web'), 3000, 'endpoints created');
    assert.deepEqual(addrs(ep, 'addresses'), ['10.0.0.1']);
    assert.deepEqual(addrs(ep, 'notReadyAddresses'), ['10.0.0.2']);
    assert.deepEqual(ep.metadata?.labels, { tier: 'front' });
    assert.equal(ep.metadata?.annotations?.[TRIGGER_TIME_ANNOTATION], '2024-01-01T00:00:00Z');
    assert.deepEqual(ep.subsets?.[0]?.ports, [{ name: 'http', port: 8080, protocol: 'TCP' }]);

    await h.client.patch(PODS, 'ns', 'b', 'merge', { status: { conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: '2024-01-01T00:02:00Z' }] } }, { subresource: 'status' });
    await until(async () => addrs(await h.client.get<Endpoints>(ENDPOINTS, 'ns', 'web'), 'addresses').length === 2, 3000, 'b ready');
    const after = await h.client.get<Endpoints>(ENDPOINTS, 'ns', 'web');
    assert.equal(after.metadata?.annotations?.[TRIGGER_TIME_ANNOTATION], '2024-01-01T00:02:00Z');

    await h.client.delete(PODS, 'ns', 'a');
    await until(async () => addrs(await h.client.get<Endpoints>(ENDPOINTS, 'ns', 'web'), 'addresses').join() === '10.0.0.2', 3000, 'a removed');
  } finally {
    await h.stop();
  }
});

test('endpoints of selector-less services are left alone; a deleted managed Endpoints is re-created; a deleted Service takes its Endpoints', async () => {
  const h = harness();
  await h.client.create(SERVICES, 'ns', svc('manual', { selector: undefined }));
  await h.client.create(ENDPOINTS, 'ns', { metadata: { name: 'manual' }, subsets: [{ addresses: [{ ip: '192.168.1.1' }] }] });
  await h.client.create(SERVICES, 'ns', svc('web', { clusterIP: 'None' }));
  await h.client.create(PODS, 'ns', pod('a', '10.0.0.1', true));
  await h.run(createEndpointsController);
  const before = h.client.actions.length;
  try {
    const ep = await until(() => h.client.objects<Endpoints>(ENDPOINTS).find((e) => e.metadata?.name === 'web'));
    assert.equal(ep.metadata?.labels?.[HEADLESS_LABEL], '');
    await h.client.delete(ENDPOINTS, 'ns', 'web');
    await until(() => h.client.objects<Endpoints>(ENDPOINTS).find((e) => e.metadata?.name === 'web'), 3000, 're-created');
    await h.client.delete(SERVICES, 'ns', 'web');
    await until(() => !h.client.objects<Endpoints>(ENDPOINTS).some((e) => e.metadata?.name === 'web'), 3000, 'deleted with the service');
    const manual = await h.client.get<Endpoints>(ENDPOINTS, 'ns', 'manual');
    assert.deepEqual(addrs(manual, 'addresses'), ['192.168.1.1']);
    assert.ok(!h.client.actions.slice(before).some((a) => a.resource === 'endpoints' && a.name === 'manual' && a.verb !== 'get'), 'never written');
  } finally {
    await h.stop();
  }
});

test('leftover Endpoints without a Service are deleted at start', async () => {
  const h = harness();
  await h.client.create(ENDPOINTS, 'ns', { metadata: { name: 'orphan' }, subsets: [] });
  await h.run(createEndpointsController);
  try {
    await until(() => h.client.objects(ENDPOINTS).length === 0, 3000, 'leftover deleted');
  } finally {
    await h.stop();
  }
});
