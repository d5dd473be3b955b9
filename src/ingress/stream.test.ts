// Streaming through the ingress controller: server-sent events and chunked
// uploads flow without buffering; WebSocket upgrades (ws and wss) pass
// through both ways; clients or backends going away mid-stream affect only
// their own exchange.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';
import { until } from '../controllers/testing.js';
import { addIngress, addService, addSlice, type Fixture, path, routed, startFixture } from './testing.js';

let f: Fixture;
let server: Server;
let wss: WebSocketServer;
let release: () => void = () => {};
const uploads: string[] = [];
let abortedStreams = 0;

before(async () => {
  f = await startFixture();
  server = createServer((req, res) => {
    if (req.url === '/events') {
      res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' });
      res.write('data: first\n\n');
      release = () => res.end('data: second\n\n');
      return;
    }
    if (req.url === '/forever') {
      res.writeHead(200, { 'Content-Type': 'text/event-stream' });
      res.write('data: tick\n\n');
      const t = setInterval(() => res.write('data: tick\n\n'), 20);
      res.on('close', () => {
        clearInterval(t);
        abortedStreams++;
      });
      return;
    }
    if (req.url === '/reset') {
      res.writeHead(200, { 'Content-Length': '100' });
      res.write('partial');
      setTimeout(() => req.socket.destroy(), 20);
      return;
    }
    if (req.url === '/upload') {
      req.setEncoding('utf8');
      req.on('data', (c: string) => uploads.push(c));
      req.on('end', () => res.end(`got ${uploads.join('|')}`));
      return;
    }
    res.end('plain');
  });
  wss = new WebSocketServer({ server });
  wss.on('connection', (ws, req) => {
    ws.send(`hello ${req.headers['x-forwarded-for']} ${req.headers['x-forwarded-proto']} ${req.url}`);
    ws.on('message', (m) => ws.send(`echo ${String(m)}`));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  await addService(f.client, 'stream', [{ name: 'http', port: 80 }]);
  await addSlice(f.client, 'stream', { name: 'http', port });
  await addIngress(f.client, 'stream', { rules: [{ host: 'stream.test', http: { paths: [path('/', 'stream', { name: 'http' })] } }] });
  await routed(f.ctl.httpPort, 'stream.test', '/');
});

after(async () => {
  await f.stop();
  wss.close();
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
});

test('server-sent events arrive before the response ends', async () => {
  const chunks: string[] = [];
  await new Promise<void>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: f.ctl.httpPort, path: '/events', headers: { Host: 'stream.test' }, agent: false }, (res) => {
      assert.equal(res.headers['content-type'], 'text/event-stream');
      res.setEncoding('utf8');
      res.on('data', (c: string) => {
        chunks.push(c);
        if (chunks.length === 1) release();
      });
      res.on('end', resolve);
    });
    req.on('error', reject);
    req.end();
  });
  assert.deepEqual(chunks, ['data: first\n\n', 'data: second\n\n']);
});

test('a chunked upload reaches the backend while still being sent', async () => {
  uploads.length = 0;
  const answer = await new Promise<string>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: f.ctl.httpPort, method: 'POST', path: '/upload', headers: { Host: 'stream.test' }, agent: false }, (res) => {
      let b = '';
      res.on('data', (c: Buffer) => (b += c));
      res.on('end', () => resolve(b));
    });
    req.on('error', reject);
    req.write('part1');
    const t = setInterval(() => {
      if (uploads.length === 0) return;
      clearInterval(t);
      req.end('part2');
    }, 5);
  });
  assert.equal(answer, 'got part1|part2');
});

async function wsRoundTrip(url: string, opts: ConstructorParameters<typeof WebSocket>[2]): Promise<string[]> {
  const ws = new WebSocket(url, opts);
  const got: string[] = [];
  await new Promise<void>((resolve, reject) => {
    ws.on('message', (m) => {
      got.push(String(m));
      if (got.length === 1) ws.send('ping');
      else ws.close();
    });
    ws.on('close', () => resolve());
    ws.on('error', reject);
  });
  return got;
}

test('WebSocket pass-through over ws://', async () => {
  const got = await wsRoundTrip(`ws://127.0.0.1:${f.ctl.httpPort}/chat?room=1`, { headers: { Host: 'stream.test' } });
  assert.deepEqual(got, ['hello 127.0.0.1 http /chat?room=1', 'echo ping']);
});

test('WebSocket pass-through over wss:// (default certificate)', async () => {
  const got = await wsRoundTrip(`wss://127.0.0.1:${f.ctl.httpsPort}/secure`, { headers: { Host: 'stream.test' }, rejectUnauthorized: false });
  assert.deepEqual(got, ['hello 127.0.0.1 https /secure', 'echo ping']);
});

test('an upgrade for an unknown host is refused with 404', async () => {
  const ws = new WebSocket(`ws://127.0.0.1:${f.ctl.httpPort}/`, { headers: { Host: 'nobody.test' } });
  const status = await new Promise<number>((resolve) => {
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.on('error', () => resolve(-1));
  });
  assert.equal(status, 404);
  ws.terminate();
});

test('a client leaving a stream closes the backend request', async () => {
  const before = abortedStreams;
  await new Promise<void>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: f.ctl.httpPort, path: '/forever', headers: { Host: 'stream.test' }, agent: false }, (res) => {
      res.once('data', () => {
        req.destroy();
        resolve();
      });
    });
    req.on('error', reject);
    req.end();
  });
  await until(() => abortedStreams > before, 2000, 'backend stream closed');
});

test('a backend dying mid-response aborts that response only', async () => {
  const outcome = await new Promise<string>((resolve) => {
    const req = request({ host: '127.0.0.1', port: f.ctl.httpPort, path: '/reset', headers: { Host: 'stream.test' }, agent: false }, (res) => {
      res.on('data', () => {});
      res.on('end', () => resolve('end'));
      res.on('aborted', () => resolve('aborted'));
      res.on('error', () => resolve('aborted'));
    });
    req.on('error', () => resolve('error'));
    req.end();
  });
  assert.notEqual(outcome, 'end');
  assert.equal((await routed(f.ctl.httpPort, 'stream.test', '/plain')).body, 'plain');
  assert.ok(f.logs.some((l) => l.includes('/reset 200(aborted)')), 'logged as aborted');
});
