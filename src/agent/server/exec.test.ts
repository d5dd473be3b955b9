import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import WebSocket from 'ws';
import { setup, type Fixture } from './test-setup.js';

let f: Fixture;
before(async () => (f = await setup()));
after(() => f.stop());

interface Session {
  ws: WebSocket;
  protocol: string;
  frames: { channel: number; data: Buffer }[];
  closed: Promise<void>;
}

async function open(path: string, protocols: string[]): Promise<Session> {
  const ws = new WebSocket(`ws://${f.base}${path}`, protocols);
  const frames: Session['frames'] = [];
  ws.on('message', (m: Buffer, binary) => {
    if (binary) frames.push({ channel: m[0], data: m.subarray(1) });
    else frames.push({ channel: m[0] - 48, data: Buffer.from(m.subarray(1).toString(), 'base64') });
  });
  const closed = new Promise<void>((resolve) => ws.on('close', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return { ws, protocol: ws.protocol, frames, closed };
}

const text = (s: Session, channel: number): string =>
  Buffer.concat(s.frames.filter((x) => x.channel === channel).map((x) => x.data)).toString();

test('exec over v5: output, the empty opening frame and the Success status', async () => {
  const s = await open('/exec/default/web/app?command=echo&command=hi&stdout=true&stderr=true', ['v5.channel.k8s.io', 'v4.channel.k8s.io']);
  assert.equal(s.protocol, 'v5.channel.k8s.io');
  await s.closed;
  assert.deepEqual(s.frames[0], { channel: 1, data: Buffer.alloc(0) });
  assert.equal(text(s, 1), 'hi\n');
  assert.equal(text(s, 3), '{"metadata":{},"status":"Success"}');
});

test('exec reports a non-zero exit code as upstream does', async () => {
  const s = await open('/exec/default/web/app?command=sh&command=-c&command=echo%20oops%20%3E%262%3B%20exit%203&stdout=true&stderr=true', ['v4.channel.k8s.io']);
  await s.closed;
  assert.equal(text(s, 2), 'oops\n');
  assert.deepEqual(JSON.parse(text(s, 3)), {
    metadata: {},
    status: 'Failure',
    message: 'command terminated with non-zero exit code: error executing command [sh -c echo oops >&2; exit 3], exit code 3',
    reason: 'NonZeroExitCode',
    details: { causes: [{ reason: 'ExitCode', message: '3' }] },
  });
});

test('stdin, and the v5 close signal ending it', async () => {
  const s = await open('/exec/default/web/app?command=cat&stdin=true&stdout=true', ['v5.channel.k8s.io']);
  s.ws.send(Buffer.concat([Buffer.from([0]), Buffer.from('from stdin\n')]));
  s.ws.send(Buffer.from([255, 0]));
  await s.closed;
  assert.equal(text(s, 1), 'from stdin\n');
  assert.equal(text(s, 3), '{"metadata":{},"status":"Success"}');
});

test('base64 variant', async () => {
  const s = await open('/exec/default/web/app?command=echo&command=b64&stdout=true', ['v4.base64.channel.k8s.io']);
  assert.equal(s.protocol, 'v4.base64.channel.k8s.io');
  await s.closed;
  assert.equal(text(s, 1), 'b64\n');
});

test('resize events reach the runtime with a tty', async () => {
  const s = await open('/exec/default/web/app?command=fake-tty-size&stdin=true&stdout=true&tty=true', ['v5.channel.k8s.io']);
  s.ws.send(Buffer.concat([Buffer.from([4]), Buffer.from('{"Width":120,"Height":40}')]));
  await s.closed;
  assert.equal(text(s, 1), '120x40\n');
  assert.deepEqual(f.fake.resizes.at(-1), { width: 120, height: 40 });
});

test('attach echoes stdin through the main process', async () => {
  const s = await open('/attach/default/web/app?stdin=true&stdout=true', ['v5.channel.k8s.io']);
  s.ws.send(Buffer.concat([Buffer.from([0]), Buffer.from('ping\n')]));
  s.ws.send(Buffer.from([255, 0]));
  await s.closed;
  assert.equal(text(s, 1), 'attached\nping\n');
  assert.equal(text(s, 3), '{"metadata":{},"status":"Success"}');
});

test('errors before the upgrade are plain HTTP answers', async () => {
  const statusOf = (path: string): Promise<number> =>
    new Promise((resolve) => {
      const ws = new WebSocket(`ws://${f.base}${path}`, ['v5.channel.k8s.io']);
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('error', () => {});
    });
  assert.equal(await statusOf('/exec/default/web/nope?command=true&stdout=true'), 404);
  assert.equal(await statusOf('/exec/default/web/app?command=true'), 400);
});
