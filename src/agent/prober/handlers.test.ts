import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import * as grpc from '@grpc/grpc-js';
import { httpProbe, tcpProbe, resolvePort } from './handlers.js';
import { grpcProbe } from './grpc.js';

test('httpGet: 2xx/3xx succeed, others fail; headers and user agent sent', async (t) => {
  let seen: http.IncomingHttpHeaders = {};
  const srv = http.createServer((req, res) => {
    seen = req.headers;
    res.statusCode = req.url === '/bad' ? 500 : req.url === '/moved' ? 302 : 200;
    res.end('body');
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  t.after(() => srv.close());
  const port = (srv.address() as AddressInfo).port;
  assert.deepEqual(await httpProbe({ host: '127.0.0.1', port, path: '/ok', headers: [{ name: 'X-A', value: '1' }] }, 1000), { ok: true, output: 'body' });
  assert.equal(seen['user-agent'], 'kube-probe/1.30');
  assert.equal(seen['x-a'], '1');
  assert.equal((await httpProbe({ host: '127.0.0.1', port, path: '/moved' }, 1000)).ok, true);
  assert.deepEqual(await httpProbe({ host: '127.0.0.1', port, path: '/bad' }, 1000), { ok: false, output: 'HTTP probe failed with statuscode: 500' });
});

test('tcpSocket: connect succeeds, refused fails', async (t) => {
  const srv = net.createServer((s) => s.end());
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as AddressInfo).port;
  assert.equal((await tcpProbe('127.0.0.1', port, 1000)).ok, true);
  await new Promise<void>((r) => srv.close(() => r()));
  const r = await tcpProbe('127.0.0.1', port, 1000);
  assert.deepEqual(r, { ok: false, output: `dial tcp 127.0.0.1:${port}: connect: connection refused` });
  t.after(() => {});
});

test('named ports resolve from the container', () => {
  assert.equal(resolvePort('http', { name: 'c', ports: [{ name: 'http', containerPort: 8080 }] }), 8080);
  assert.equal(resolvePort(81, { name: 'c' }), 81);
  assert.equal(resolvePort('nope', { name: 'c' }), undefined);
});

test('grpc health check', async (t) => {
  const server = new grpc.Server();
  let status = 1;
  server.addService(
    {
      Check: {
        path: '/grpc.health.v1.Health/Check',
        requestStream: false,
        responseStream: false,
        requestSerialize: (b: Buffer) => b,
        requestDeserialize: (b: Buffer) => b,
        responseSerialize: (n: number) => Buffer.from([0x08, n]),
        responseDeserialize: (b: Buffer) => b[1],
      },
    },
    { Check: (_call: unknown, cb: (e: null, v: number) => void) => cb(null, status) },
  );
  const port = await new Promise<number>((res, rej) => server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (e, p) => (e ? rej(e) : res(p))));
  t.after(() => server.forceShutdown());
  assert.deepEqual(await grpcProbe('127.0.0.1', port, '', 2000), { ok: true, output: 'service is healthy' });
  status = 2;
  assert.deepEqual(await grpcProbe('127.0.0.1', port, 'svc', 2000), { ok: false, output: 'service unhealthy (responded with "NOT_SERVING")' });
});
