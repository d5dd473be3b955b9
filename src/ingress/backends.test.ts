// Backend resolution: Service port by number or name → the slice port of the
// same name → ready endpoints; ExternalName; cache invalidation; round-robin.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeResourceClient } from '../client/fake.js';
import { InformerFactory } from '../controllers/informers.js';
import { Backends } from './backends.js';
import type { BackendRef } from './routes.js';
import { ENDPOINTSLICES, type EndpointSlice, SERVICES, type Service } from './types.js';

const ref = (service: string, port: BackendRef['port']): BackendRef => ({ namespace: 'ns', service, port, ingress: 'ns/i', key: `ns/${service}:${port.number ?? port.name}` });

test('resolves ports by number and name to ready endpoints of the matching slice port', async () => {
  const client = new FakeResourceClient();
  const informers = new InformerFactory(client);
  const services = informers.informer<Service>(SERVICES);
  const slices = informers.informer<EndpointSlice>(ENDPOINTSLICES);
  const b = new Backends(services, slices);
  await client.create(SERVICES, 'ns', { metadata: { name: 'web', namespace: 'ns' }, spec: { ports: [{ name: 'http', port: 80 }, { name: 'admin', port: 9000 }] } });
  await client.create(SERVICES, 'ns', { metadata: { name: 'ext', namespace: 'ns' }, spec: { type: 'ExternalName', externalName: 'example.internal', ports: [{ name: 'http', port: 8080 }] } });
  const labels = { 'kubernetes.io/service-name': 'web' };
  await client.create(ENDPOINTSLICES, 'ns', {
    metadata: { name: 'web-a', namespace: 'ns', labels },
    endpoints: [{ addresses: ['10.0.0.1'], conditions: { ready: true } }, { addresses: ['10.0.0.2'], conditions: { ready: false } }, { addresses: ['10.0.0.3'] }],
    ports: [{ name: 'http', port: 8080 }, { name: 'admin', port: 9090 }],
  });
  await informers.start();
  assert.deepEqual(b.resolve(ref('web', { number: 80 })).endpoints.map((e) => e.id), ['10.0.0.1:8080', '10.0.0.3:8080']);
  assert.deepEqual(b.resolve(ref('web', { name: 'admin' })).endpoints.map((e) => e.id), ['10.0.0.1:9090', '10.0.0.3:9090']);
  assert.match(b.resolve(ref('web', { number: 81 })).problem ?? '', /has no port 81/);
  assert.match(b.resolve(ref('nope', { number: 80 })).problem ?? '', /not found/);
  assert.deepEqual(b.resolve(ref('ext', { name: 'http' })).endpoints, [{ host: 'example.internal', port: 8080, id: 'example.internal:8080' }]);

  const st = b.resolve(ref('web', { number: 80 }));
  const picks = [b.pick(st)!.id, b.pick(st)!.id, b.pick(st)!.id, b.pick(st)!.id];
  assert.equal(new Set(picks).size, 2);
  assert.notEqual(picks[0], picks[1], 'round-robin');
  assert.equal(b.pick(st, new Set(['10.0.0.1:8080']))!.id, '10.0.0.3:8080', 'skips tried endpoints');
  assert.equal(b.pick(st, new Set(['10.0.0.1:8080', '10.0.0.3:8080'])), undefined);

  await client.create(ENDPOINTSLICES, 'ns', { metadata: { name: 'web-b', namespace: 'ns', labels }, endpoints: [{ addresses: ['10.0.0.4'] }], ports: [{ name: 'http', port: 8080 }] });
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(b.resolve(ref('web', { number: 80 })).endpoints.length, 2, 'cached until invalidated');
  b.invalidate('ns/web');
  assert.equal(b.resolve(ref('web', { number: 80 })).endpoints.length, 3);
  informers.stop();
});
