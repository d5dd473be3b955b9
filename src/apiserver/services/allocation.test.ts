import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { MemoryBackend } from '../../datastore/memory.js';
import { createApiServer } from '../index.js';
import type { ApiServer } from '../server.js';
import { ipKey, portKey } from './ranges.js';
import { ServiceRepair } from './repair.js';

let server: ApiServer;
let backend: MemoryBackend;

before(async () => {
  backend = new MemoryBackend();
  server = createApiServer({ backend, port: 0, compaction: false, serviceCidr: '10.77.0.0/24', log: () => {} });
  await server.start();
});

after(async () => {
  await server.stop();
});

async function api(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(server.url + path, { method, body: body === undefined ? undefined : JSON.stringify(body), headers: { 'Content-Type': 'application/json' } });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

const svc = (name: string, spec: Record<string, unknown>) => ({ apiVersion: 'v1', kind: 'Service', metadata: { name }, spec: { ports: [{ port: 80 }], ...spec } });
const has = async (key: string): Promise<boolean> => !!(await backend.get(key)).kv;
async function until(fn: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await fn()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('timed out');
}

test('creating reserves the values; deleting or changing the type frees them', async () => {
  const np = await api('POST', '/api/v1/namespaces/default/services', svc('np', { type: 'NodePort' }));
  assert.equal(np.status, 201);
  const ip = np.body.spec.clusterIP as string;
  const port = np.body.spec.ports[0].nodePort as number;
  assert.ok(await has(ipKey(ip)));
  assert.ok(await has(portKey(port)));
  // NodePort → ClusterIP: the node port goes back, the IP stays.
  const cur = (await api('GET', '/api/v1/namespaces/default/services/np')).body;
  cur.spec.type = 'ClusterIP';
  delete cur.spec.ports[0].nodePort;
  delete cur.spec.externalTrafficPolicy;
  assert.equal((await api('PUT', '/api/v1/namespaces/default/services/np', cur)).status, 200);
  await until(async () => !(await has(portKey(port))));
  assert.ok(await has(ipKey(ip)));
  assert.equal((await api('DELETE', '/api/v1/namespaces/default/services/np')).status, 200);
  await until(async () => !(await has(ipKey(ip))));
});

test('a dry run reserves nothing; a failed create gives its reservation back', async () => {
  const dry = await api('POST', '/api/v1/namespaces/default/services?dryRun=All', svc('dry', { clusterIP: '10.77.0.50' }));
  assert.equal(dry.status, 201);
  assert.equal(await has(ipKey('10.77.0.50')), false);
  assert.equal((await api('POST', '/api/v1/namespaces/default/services', svc('dup', { clusterIP: '10.77.0.51' }))).status, 201);
  // Same name again with another IP: AlreadyExists after the IP was reserved — it must be released.
  assert.equal((await api('POST', '/api/v1/namespaces/default/services', svc('dup', { clusterIP: '10.77.0.52' }))).status, 409);
  assert.equal(await has(ipKey('10.77.0.52')), false);
});

test('repair frees reservations no Service holds and records values held without one', async () => {
  await backend.create(ipKey('10.77.0.99'), Buffer.from(JSON.stringify({ namespace: 'default', name: 'gone', at: 0 })));
  assert.equal((await api('POST', '/api/v1/namespaces/default/services', svc('held', { clusterIP: '10.77.0.60' }))).status, 201);
  await backend.delete(ipKey('10.77.0.60'));
  await server.cache.waitFor(await backend.currentRevision());
  const r = await new ServiceRepair(backend, server.cache).repair();
  assert.ok(r.freed >= 1 && r.recorded >= 1, JSON.stringify(r));
  assert.equal(await has(ipKey('10.77.0.99')), false);
  assert.equal(await has(ipKey('10.77.0.60')), true);
});
