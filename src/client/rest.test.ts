// HttpResourceClient against a stub HTTP server that records what it receives.
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { HttpResourceClient } from './rest.js';
import { ApiError, type WatchEvent } from './types.js';
import { PODS } from './gvr.js';

interface Seen {
  method: string;
  url: string;
  contentType?: string;
  body: string;
}

let server: http.Server;
let client: HttpResourceClient;
const seen: Seen[] = [];
let handler: (req: http.IncomingMessage, res: http.ServerResponse, body: string) => void = () => {};

before(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString();
      seen.push({ method: req.method!, url: req.url!, contentType: req.headers['content-type'], body });
      handler(req, res, body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  client = new HttpResourceClient(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
});

after(async () => {
  client.close();
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

function json(res: http.ServerResponse, code: number, obj: unknown): void {
  res.writeHead(code, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(obj));
}

test('get, create and delete send the right method, path and body', async () => {
  seen.length = 0;
  handler = (req, res, body) => json(res, req.method === 'POST' ? 201 : 200, body ? JSON.parse(body) : { metadata: { name: 'p' } });
  const got = await client.get(PODS, 'ns', 'p');
  assert.equal(got.metadata?.name, 'p');
  await client.create(PODS, 'ns', { metadata: { name: 'q' } }, { fieldManager: 'me', dryRun: true });
  await client.delete(PODS, 'ns', 'q', { gracePeriodSeconds: 0 });
  assert.deepEqual(
    seen.map((s) => `${s.method} ${s.url}`),
    ['GET /api/v1/namespaces/ns/pods/p', 'POST /api/v1/namespaces/ns/pods?fieldManager=me&dryRun=All', 'DELETE /api/v1/namespaces/ns/pods/q'],
  );
  assert.deepEqual(JSON.parse(seen[2].body), { kind: 'DeleteOptions', apiVersion: 'v1', gracePeriodSeconds: 0 });
});

test('patch types map to their content types', async () => {
  seen.length = 0;
  handler = (_req, res) => json(res, 200, { metadata: { name: 'p' } });
  await client.patch(PODS, 'ns', 'p', 'merge', { a: 1 });
  await client.patch(PODS, 'ns', 'p', 'strategic', { a: 1 }, { subresource: 'status' });
  await client.patch(PODS, 'ns', 'p', 'json', [{ op: 'remove', path: '/a' }]);
  await client.patch(PODS, 'ns', 'p', 'apply', { a: 1 }, { fieldManager: 'm', force: true });
  assert.deepEqual(
    seen.map((s) => s.contentType),
    ['application/merge-patch+json', 'application/strategic-merge-patch+json', 'application/json-patch+json', 'application/apply-patch+yaml'],
  );
  assert.equal(seen[1].url, '/api/v1/namespaces/ns/pods/p/status');
  assert.equal(seen[3].url, '/api/v1/namespaces/ns/pods/p?fieldManager=m&force=true');
});

test('a Status body becomes an ApiError with its code, reason and message', async () => {
  handler = (_req, res) => json(res, 404, { kind: 'Status', apiVersion: 'v1', status: 'Failure', code: 404, reason: 'NotFound', message: 'pods "x" not found' });
  await assert.rejects(client.get(PODS, 'ns', 'x'), (e: unknown) => {
    assert.ok(e instanceof ApiError);
    assert.equal(e.code, 404);
    assert.equal(e.reason, 'NotFound');
    assert.equal(e.message, 'pods "x" not found');
    return true;
  });
  handler = (_req, res) => {
    res.writeHead(500);
    res.end('boom');
  };
  await assert.rejects(client.get(PODS, 'ns', 'x'), (e: unknown) => e instanceof ApiError && e.code === 500 && e.message === 'boom');
});

test('watch streams newline-delimited events and reports an ERROR as ApiError', async () => {
  handler = (req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.write('{"type":"ADDED","object":{"metadata":{"name":"a"}}}\n{"type":"BOOK');
    setTimeout(() => {
      res.write('MARK","object":{"metadata":{"resourceVersion":"7"}}}\n');
      res.end('{"type":"ERROR","object":{"kind":"Status","code":410,"reason":"Expired","message":"too old resource version"}}\n');
    }, 20);
  };
  const events: WatchEvent[] = [];
  const closed = await new Promise<Error | undefined>((resolve) => {
    client.watch(PODS, '', { resourceVersion: '5', allowWatchBookmarks: true }, (ev) => events.push(ev), resolve);
  });
  assert.deepEqual(events.map((e) => e.type), ['ADDED', 'BOOKMARK']);
  assert.ok(closed instanceof ApiError);
  assert.equal(closed.code, 410);
  assert.match(seen[seen.length - 1].url, /^\/api\/v1\/pods\?resourceVersion=5&watch=true&allowWatchBookmarks=true$/);
});

test('a non-200 watch answer closes with the ApiError; stop() ends silently', async () => {
  handler = (_req, res) => json(res, 410, { kind: 'Status', code: 410, reason: 'Expired', message: 'gone' });
  const err = await new Promise<Error | undefined>((resolve) => client.watch(PODS, 'ns', {}, () => {}, resolve));
  assert.ok(err instanceof ApiError && err.code === 410);

  handler = (_req, res) => {
    res.writeHead(200);
    res.write('');
  };
  let closedCalls = 0;
  const h = client.watch(PODS, 'ns', {}, () => {}, () => closedCalls++);
  await new Promise((r) => setTimeout(r, 30));
  h.stop();
  await new Promise((r) => setTimeout(r, 30));
  assert.equal(closedCalls, 0);
});
