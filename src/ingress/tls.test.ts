// HTTPS end to end: SNI picks the certificate of each Ingress TLS host (from
// Secrets signed by a CA made in the test), unknown names get the default
// certificate, a missing or invalid Secret → a Warning event and the default.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:tls';
import { until } from '../controllers/testing.js';
import { type CertificateAuthority, createCA } from './certs.js';
import { SECRETS } from './types.js';
import { addIngress, addService, addSlice, addTlsSecret, type Backend, type Fixture, get, path, startBackend, startFixture } from './testing.js';

let f: Fixture;
let ca: CertificateAuthority;
let web: Backend;

/** The subject CN the server presents for `servername` (undefined: no SNI), and whether it verifies against the CA. */
function peer(port: number, servername?: string): Promise<{ cn: string; authorized: boolean; error?: string }> {
  return new Promise((resolve, reject) => {
    const s = connect({ host: '127.0.0.1', port, servername, ca: ca.cert, rejectUnauthorized: false }, () => {
      const cn = String(s.getPeerCertificate().subject?.CN ?? '');
      resolve({ cn, authorized: s.authorized, error: s.authorizationError ? String(s.authorizationError) : undefined });
      s.end();
    });
    s.on('error', reject);
  });
}

before(async () => {
  ca = await createCA();
  f = await startFixture();
  web = await startBackend('web');
  await addService(f.client, 'web', [{ port: 80 }]);
  await addSlice(f.client, 'web', { port: web.port });
  await addTlsSecret(f.client, 'a-tls', await ca.issue(['a.test']));
  await addTlsSecret(f.client, 'b-tls', await ca.issue(['b.test']));
  await addTlsSecret(f.client, 'wild-tls', await ca.issue(['*.apps.test']));
  await addIngress(f.client, 'secure', {
    tls: [{ hosts: ['a.test'], secretName: 'a-tls' }, { hosts: ['b.test'], secretName: 'b-tls' }, { hosts: ['*.apps.test'], secretName: 'wild-tls' }],
    rules: ['a.test', 'b.test', '*.apps.test', 'c.test'].map((host) => ({ host, http: { paths: [path('/', 'web', { number: 80 })] } })),
  });
});

after(async () => {
  await f.stop();
  await web.close();
});

test('SNI serves each host its own certificate, verified against the CA', async () => {
  const port = f.ctl.httpsPort;
  const a = await until(async () => {
    const r = await get(port, 'a.test', '/x', { https: { ca: ca.cert } }).catch(() => undefined);
    return r?.status === 200 ? r : undefined;
  });
  assert.equal(a.json?.backend, 'web');
  assert.equal(a.json?.headers['x-forwarded-proto'], 'https');
  const b = await get(port, 'b.test', '/y', { https: { ca: ca.cert } });
  assert.equal(b.status, 200);
  assert.deepEqual(await peer(port, 'a.test'), { cn: 'a.test', authorized: true, error: undefined });
  assert.deepEqual(await peer(port, 'b.test'), { cn: 'b.test', authorized: true, error: undefined });
  assert.equal((await peer(port, 'x.apps.test')).cn, '*.apps.test');
  assert.equal((await get(port, 'x.apps.test', '/', { https: { ca: ca.cert } })).status, 200);
});

test('unknown names and no SNI get the self-signed default certificate', async () => {
  const port = f.ctl.httpsPort;
  for (const name of ['c.test', 'unknown.test', 'deep.x.apps.test', undefined]) {
    const p = await peer(port, name);
    assert.equal(p.cn, 'Skiff Ingress Default Certificate', String(name));
    assert.equal(p.authorized, false);
  }
  await assert.rejects(get(port, 'c.test', '/', { https: { ca: ca.cert } }), /self.signed|unable to verify|certificate/i);
  const insecure = await get(port, 'c.test', '/', { https: {} });
  assert.equal(insecure.json?.backend, 'web');
});

test('a missing Secret → Warning event and the default certificate; it is used once created', async () => {
  await addIngress(f.client, 'late', {
    tls: [{ hosts: ['late.test'], secretName: 'late-tls' }],
    rules: [{ host: 'late.test', http: { paths: [path('/', 'web', { number: 80 })] } }],
  });
  const ev = await until(() => f.events.find((e) => e.reason === 'MissingSecret'));
  assert.equal(ev.type, 'Warning');
  assert.deepEqual([ev.ref.kind, ev.ref.namespace, ev.ref.name], ['Ingress', 'default', 'late']);
  assert.match(ev.message, /default\/late-tls not found/);
  const port = f.ctl.httpsPort;
  assert.equal((await peer(port, 'late.test')).cn, 'Skiff Ingress Default Certificate');
  assert.equal((await peer(port, 'a.test')).cn, 'a.test', 'other hosts are unaffected');
  await addTlsSecret(f.client, 'late-tls', await ca.issue(['late.test']));
  await until(async () => (await peer(port, 'late.test')).authorized, 3000, 'late.test certificate');
  assert.equal(f.events.filter((e) => e.reason === 'MissingSecret').length, 1, 'reported once');
});

test('an invalid Secret → InvalidSecret event; a rotated Secret is picked up', async () => {
  await f.client.create(SECRETS, 'default', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'bad-tls', namespace: 'default' }, type: 'kubernetes.io/tls', data: { 'tls.crt': Buffer.from('not a cert').toString('base64'), 'tls.key': Buffer.from('nope').toString('base64') } });
  await addIngress(f.client, 'bad', { tls: [{ hosts: ['bad.test'], secretName: 'bad-tls' }], rules: [{ host: 'bad.test', http: { paths: [path('/', 'web', { number: 80 })] } }] });
  const ev = await until(() => f.events.find((e) => e.reason === 'InvalidSecret'));
  assert.equal(ev.ref.name, 'bad');
  const port = f.ctl.httpsPort;
  assert.equal((await peer(port, 'bad.test')).cn, 'Skiff Ingress Default Certificate');
  assert.equal((await get(port, 'bad.test', '/', { https: {} })).status, 200, 'still served, with the default certificate');
  const good = await ca.issue(['bad.test']);
  await f.client.patch(SECRETS, 'default', 'bad-tls', 'merge', { data: { 'tls.crt': Buffer.from(good.cert).toString('base64'), 'tls.key': Buffer.from(good.key).toString('base64') } });
  await until(async () => (await peer(port, 'bad.test')).authorized, 3000, 'rotated certificate');
});
