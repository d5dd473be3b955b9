import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ImagePullError } from '../cri/types.js';
import { endpointsFor, isLoopbackHost, loadRegistriesConfig, RegistriesConfigError } from './registry-config.js';
import { parseWwwAuthenticate } from './registry.js';
import { fixture } from './testing/fixtures.js';
import type { BuiltImage } from './testing/build-image.js';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';

test('parses WWW-Authenticate challenges', () => {
  assert.deepEqual(parseWwwAuthenticate('Bearer realm="https://auth.example/token",service="registry.example",scope="repository:a/b:pull"'), [
    { scheme: 'bearer', params: { realm: 'https://auth.example/token', service: 'registry.example', scope: 'repository:a/b:pull' } },
  ]);
  assert.deepEqual(parseWwwAuthenticate('Basic realm="Registry Realm", Bearer realm=x'), [
    { scheme: 'basic', params: { realm: 'Registry Realm' } },
    { scheme: 'bearer', params: { realm: 'x' } },
  ]);
  assert.deepEqual(parseWwwAuthenticate('Bearer realm="a\\"b"'), [{ scheme: 'bearer', params: { realm: 'a"b' } }]);
});

test('endpoints: mirrors first, plain HTTP for loopback and insecure hosts, HTTPS otherwise', async () => {
  assert.equal(isLoopbackHost('127.0.0.1:5000'), true);
  assert.equal(isLoopbackHost('localhost'), true);
  assert.equal(isLoopbackHost('[::1]:5000'), true);
  assert.equal(isLoopbackHost('10.0.0.1:5000'), false);
  assert.deepEqual(endpointsFor({}, 'docker.io').map((e) => e.url), ['https://registry-1.docker.io/v2']);
  assert.deepEqual(endpointsFor({}, 'localhost:5000').map((e) => e.url), ['http://localhost:5000/v2']);
  assert.deepEqual(endpointsFor({}, 'quay.io').map((e) => e.url), ['https://quay.io/v2']);
  const cfg = {
    mirrors: { 'docker.io': { endpoint: ['http://127.0.0.1:1234', 'mirror.example:5000', 'https://m2.example/prefix'] } },
    configs: { 'mirror.example:5000': { insecure: true, auth: { username: 'u', password: 'p' } }, 'reg.example': { auth: { auth: 'dTpw' } } },
  };
  const eps = endpointsFor(cfg, 'docker.io');
  assert.deepEqual(eps.map((e) => e.url), [
    'http://127.0.0.1:1234/v2',
    'http://mirror.example:5000/v2',
    'https://m2.example/prefix/v2',
    'https://registry-1.docker.io/v2',
  ]);
  assert.deepEqual(eps[1].auth, { username: 'u', password: 'p' });
  assert.equal(eps[3].mirror, false);
  assert.deepEqual(endpointsFor(cfg, 'reg.example')[0].auth, { auth: 'dTpw' });

  const f = await fixture();
  try {
    assert.deepEqual(await loadRegistriesConfig(join(f.dir, 'absent.yaml')), {});
    await writeFile(join(f.dir, 'bad.yaml'), 'mirrors:\n  docker.io:\n    endpoint: 5\n');
    await assert.rejects(loadRegistriesConfig(join(f.dir, 'bad.yaml')), RegistriesConfigError);
  } finally {
    await f.cleanup();
  }
});

/** A registry that wants a bearer token from its own token endpoint (Basic user:pass), or Basic auth directly. */
async function fakeRegistry(img: BuiltImage, mode: 'bearer' | 'basic') {
  const basic = 'Basic ' + Buffer.from('user:pass').toString('base64');
  const seen = { tokenRequests: [] as string[], redirectsServed: 0 };
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const host = req.headers.host;
    if (url.pathname === '/token') {
      seen.tokenRequests.push(url.search);
      if (req.headers.authorization !== basic) return res.writeHead(401).end();
      res.writeHead(200, { 'Content-Type': 'application/json' });
      return res.end(JSON.stringify({ token: 'good-token' }));
    }
    if (url.pathname.startsWith('/storage/')) {
      const blob = img.blobs.get(url.pathname.slice('/storage/'.length));
      return blob ? res.writeHead(200).end(blob) : res.writeHead(404).end();
    }
    const want = mode === 'bearer' ? 'Bearer good-token' : basic;
    if (req.headers.authorization !== want) {
      const challenge =
        mode === 'bearer' ? `Bearer realm="http://${host}/token",service="fake",scope="repository:private/busybox:pull"` : 'Basic realm="fake"';
      res.writeHead(401, { 'WWW-Authenticate': challenge, 'Content-Type': 'application/json' });
      return res.end(JSON.stringify({ errors: [{ code: 'UNAUTHORIZED', message: 'authentication required' }] }));
    }
    const m = /^\/v2\/private\/busybox\/(manifests|blobs)\/(.+)$/.exec(url.pathname);
    if (m?.[1] === 'manifests' && (m[2] === 'v1' || m[2] === img.manifestDigest)) {
      res.writeHead(200, { 'Content-Type': img.manifest.mediaType!, 'Docker-Content-Digest': img.manifestDigest });
      return res.end(img.manifestBytes);
    }
    if (m?.[1] === 'blobs' && img.blobs.has(m[2])) {
      seen.redirectsServed++;
      return res.writeHead(307, { Location: `/storage/${m[2]}` }).end();
    }
    res.writeHead(404, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ errors: [{ code: 'MANIFEST_UNKNOWN', message: 'manifest unknown' }] }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { host, seen, close: () => new Promise<void>((r) => server.close(() => r())) };
}

test('token auth: Bearer challenge → token endpoint with Basic credentials; blob redirects followed', async () => {
  const f = await fixture();
  const reg = await fakeRegistry(f.image, 'bearer');
  try {
    const svc = f.service();
    const image = { image: `${reg.host}/private/busybox:v1` };
    await assert.rejects(svc.pullImage(image), (e: Error) => e instanceof ImagePullError && /401/.test(e.message));
    await assert.rejects(svc.pullImage(image, { username: 'user', password: 'wrong' }), ImagePullError);
    reg.seen.tokenRequests.length = 0;
    const id = await svc.pullImage(image, { username: 'user', password: 'pass' });
    assert.equal(id, f.image.configDigest);
    assert.deepEqual(reg.seen.tokenRequests, ['?service=fake&scope=repository%3Aprivate%2Fbusybox%3Apull']);
    assert.equal(reg.seen.redirectsServed, 2, 'config and layer fetched through redirects');
    assert.equal((await svc.rootfsLayers(id)).length, 1);
  } finally {
    await reg.close();
    await f.cleanup();
  }
});

test('basic auth from the registries config', async () => {
  const f = await fixture();
  const reg = await fakeRegistry(f.image, 'basic');
  try {
    const image = { image: `${reg.host}/private/busybox:v1` };
    await assert.rejects(f.service().pullImage(image), /asks for credentials/);
    const svc = f.service({ registries: { configs: { [reg.host]: { auth: { auth: Buffer.from('user:pass').toString('base64') } } } } });
    assert.equal(await svc.pullImage(image), f.image.configDigest);
  } finally {
    await reg.close();
    await f.cleanup();
  }
});
