// End-to-end tests of the ingress controller over HTTP: objects fed through a
// FakeResourceClient, backends are Node HTTP servers on 127.0.0.1.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { until } from '../controllers/testing.js';
import { INGRESSCLASSES, INGRESSES, type Ingress } from './types.js';
import { addIngress, addService, addSlice, type Backend, deadPort, type Fixture, get, path, routed, startBackend, startFixture } from './testing.js';

let f: Fixture;
let web: Backend;
let api: Backend;
let api2: Backend;

before(async () => {
  f = await startFixture({ addresses: ['192.0.2.10', '192.0.2.11'] });
  [web, api, api2] = await Promise.all([startBackend('web'), startBackend('api'), startBackend('api2')]);
  await addService(f.client, 'web', [{ name: 'http', port: 80 }]);
  await addSlice(f.client, 'web', { name: 'http', port: web.port });
  await addService(f.client, 'api', [{ port: 8080 }]);
  await addSlice(f.client, 'api', { port: api.port });
});

after(async () => {
  await f.stop();
  await Promise.all([web.close(), api.close(), api2.close()]);
});

test('creates the default IngressClass skiff', async () => {
  const classes = await until(() => f.client.objects(INGRESSCLASSES).filter((c) => c.metadata?.name === 'skiff'));
  assert.equal((classes[0]!.spec as { controller: string }).controller, 'skiff.dev/ingress');
  assert.equal(classes[0]!.metadata?.annotations?.['ingressclass.kubernetes.io/is-default-class'], 'true');
});

test('two hosts × two paths to two services, with forwarding headers and bodies', async () => {
  await addIngress(f.client, 'two-hosts', {
    rules: [
      { host: 'a.test', http: { paths: [path('/', 'web', { name: 'http' }), path('/api', 'api', { number: 8080 })] } },
      { host: 'b.test', http: { paths: [path('/web', 'web', { number: 80 }, 'Exact'), path('/', 'api', { number: 8080 })] } },
    ],
  });
  const port = f.ctl.httpPort;
  const a1 = await routed(port, 'a.test', '/index.html');
  assert.equal(a1.json?.backend, 'web');
  assert.equal((await get(port, 'a.test', '/api/v1?x=1')).json?.backend, 'api');
  assert.equal((await get(port, 'a.test', '/api/v1?x=1')).json?.url, '/api/v1?x=1');
  assert.equal((await get(port, 'a.test', '/apix')).json?.backend, 'web');
  assert.equal((await get(port, 'b.test:8000', '/web')).json?.backend, 'web');
  assert.equal((await get(port, 'b.test', '/web/x')).json?.backend, 'api');
  const h = (await get(port, 'a.test', '/', { headers: { 'X-Forwarded-For': '203.0.113.9' } })).json!.headers;
  assert.equal(h['x-forwarded-for'], '203.0.113.9, 127.0.0.1');
  assert.equal(h['x-real-ip'], '127.0.0.1');
  assert.equal(h['x-forwarded-proto'], 'http');
  assert.equal(h['x-forwarded-host'], 'a.test');
  assert.equal(h.host, 'a.test', 'the original Host header reaches the backend');
  const post = await get(port, 'a.test', '/api/items', { method: 'POST', body: 'hello body', headers: { 'Content-Type': 'text/plain' } });
  assert.equal(post.json?.method, 'POST');
  assert.equal(post.json?.body, 'hello body');
  assert.equal(post.headers['x-backend'], 'api');
  await until(() => f.logs.some((l) => /^ingress: GET a\.test\/api\/v1\?x=1 200 \d+B [\d.]+ms 127\.0\.0\.1:\d+ default\/api:8080$/.test(l)), 2000, 'a request log line');
});

test('status.loadBalancer lists the node addresses', async () => {
  const ing = await until(async () => {
    const o = await f.client.get<Ingress>(INGRESSES, 'default', 'two-hosts');
    return o.status?.loadBalancer?.ingress?.length ? o : undefined;
  });
  assert.deepEqual(ing.status?.loadBalancer?.ingress, [{ ip: '192.0.2.10' }, { ip: '192.0.2.11' }]);
  const writes = () => f.client.actions.filter((a) => a.verb === 'patch' && a.subresource === 'status' && a.name === 'two-hosts').length;
  const n = writes();
  await addIngress(f.client, 'unrelated', { ingressClassName: 'other', rules: [{ host: 'z.test', http: { paths: [path('/', 'web', { number: 80 })] } }] });
  await new Promise((r) => setTimeout(r, 100));
  assert.equal(writes(), n, 'no rewrite when the status is already right');
  const other = await f.client.get<Ingress>(INGRESSES, 'default', 'unrelated');
  assert.equal(other.status?.loadBalancer?.ingress, undefined, 'Ingresses of other classes are left alone');
});

test('other classes are ignored; 404 without a match, default backend otherwise', async () => {
  const port = f.ctl.httpPort;
  assert.equal((await get(port, 'z.test', '/')).status, 404);
  assert.equal((await get(port, 'nothing.test', '/')).status, 404);
  await addIngress(f.client, 'fallback', { ingressClassName: 'skiff', defaultBackend: { service: { name: 'api', port: { number: 8080 } } } });
  const d = await routed(port, 'nothing.test', '/whatever');
  assert.equal(d.json?.backend, 'api');
});

test('503 for a Service with no ready endpoints or no such Service / port, logged once', async () => {
  await addService(f.client, 'empty', [{ port: 80 }]);
  await addSlice(f.client, 'empty', { port: 1 }, [{ ready: false }]);
  await addIngress(f.client, 'broken', {
    rules: [{ host: 'broken.test', http: { paths: [path('/empty', 'empty', { number: 80 }), path('/ghost', 'ghost', { number: 80 }), path('/badport', 'web', { name: 'nope' })] } }],
  });
  const port = f.ctl.httpPort;
  await routed(port, 'broken.test', '/empty', 503);
  assert.equal((await get(port, 'broken.test', '/ghost')).status, 503);
  assert.equal((await get(port, 'broken.test', '/ghost')).status, 503);
  assert.equal((await get(port, 'broken.test', '/badport')).status, 503);
  assert.equal(f.logs.filter((l) => l.includes('service default/ghost not found')).length, 1);
  assert.ok(f.logs.some((l) => l.includes('service default/web has no port nope')));
  assert.ok(f.logs.some((l) => l.includes('service default/empty has no ready endpoints')));
});

test('round-robin over endpoints, and a dead endpoint is retried past', async () => {
  const dead = await deadPort();
  await addService(f.client, 'multi', [{ name: 'http', port: 80 }]);
  await addSlice(f.client, 'multi', { name: 'http', port: api.port }, [{}], 'default', 'multi-a');
  await addSlice(f.client, 'multi', { name: 'http', port: api2.port }, [{}], 'default', 'multi-b');
  await addSlice(f.client, 'multi', { name: 'http', port: dead }, [{}], 'default', 'multi-dead');
  await addIngress(f.client, 'multi', { rules: [{ host: 'multi.test', http: { paths: [path('/', 'multi', { name: 'http' })] } }] });
  const port = f.ctl.httpPort;
  await routed(port, 'multi.test', '/');
  const seen = new Map<string, number>();
  for (let i = 0; i < 12; i++) {
    const a = await get(port, 'multi.test', '/', { method: i % 2 ? 'GET' : 'PUT', body: i % 2 ? undefined : 'payload' });
    assert.equal(a.status, 200, `request ${i}: ${a.body}`);
    seen.set(a.json!.backend, (seen.get(a.json!.backend) ?? 0) + 1);
  }
  assert.deepEqual([...seen.keys()].sort(), ['api', 'api2']);
  assert.ok(seen.get('api')! >= 4 && seen.get('api2')! >= 4, JSON.stringify([...seen]));
  assert.ok(f.logs.some((l) => l.includes(`127.0.0.1:${dead}`) && l.includes('ECONNREFUSED') && l.includes('retrying')));
});

test('a single dead endpoint answers 502', async () => {
  const dead = await deadPort();
  await addService(f.client, 'gone', [{ port: 80 }]);
  await addSlice(f.client, 'gone', { port: dead });
  await addIngress(f.client, 'gone', { rules: [{ host: 'gone.test', http: { paths: [path('/', 'gone', { number: 80 })] } }] });
  await routed(f.ctl.httpPort, 'gone.test', '/', 502);
});

test('endpoint changes take effect without restarts', async () => {
  await addService(f.client, 'moving', [{ port: 80 }]);
  await addIngress(f.client, 'moving', { rules: [{ host: 'moving.test', http: { paths: [path('/', 'moving', { number: 80 })] } }] });
  const port = f.ctl.httpPort;
  await routed(port, 'moving.test', '/', 503);
  await addSlice(f.client, 'moving', { port: web.port });
  assert.equal((await routed(port, 'moving.test', '/')).json?.backend, 'web');
  await f.client.delete(INGRESSES, 'default', 'moving');
  await routed(port, 'moving.test', '/', 200).then((a) => assert.equal(a.json?.backend, 'api', 'now the default backend'));
});
