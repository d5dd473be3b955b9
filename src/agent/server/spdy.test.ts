import assert from 'node:assert/strict';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { after, before, test } from 'node:test';
import WebSocket from 'ws';
import { SPDY3_DICTIONARY } from './spdy/dictionary.js';
import { dataFrame, FLAG_FIN, type Frame, FrameReader, FrameType, pingFrame, synStreamFrame } from './spdy/frames.js';
import { HeaderCompressor, HeaderDecompressor } from './spdy/headers.js';
import { setup, type Fixture } from './test-setup.js';

let f: Fixture;
let echo: Server;
before(async () => {
  f = await setup();
  echo = createServer((s) => s.pipe(s));
  await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', () => resolve()));
  f.fake.portMap.set(80, (echo.address() as { port: number }).port);
});
after(async () => {
  echo.close();
  await f.stop();
});

/** A minimal SPDY client, as spdystream behaves. */
class Client {
  readonly frames: Frame[] = [];
  readonly data = new Map<number, Buffer>();
  readonly fin = new Set<number>();
  readonly replies = new Set<number>();
  private readonly reader = new FrameReader();
  private readonly deflate = new HeaderCompressor();
  private readonly inflate = new HeaderDecompressor();
  private waiters: (() => void)[] = [];

  constructor(private readonly send: (b: Buffer) => void) {}

  receive(b: Buffer): void {
    for (const fr of this.reader.push(b)) {
      this.frames.push(fr);
      if (fr.kind === 'data') {
        this.data.set(fr.streamId, Buffer.concat([this.data.get(fr.streamId) ?? Buffer.alloc(0), fr.data]));
        if (fr.flags & FLAG_FIN) this.fin.add(fr.streamId);
      } else if (fr.type === FrameType.SynReply) {
        this.replies.add(fr.payload.readUInt32BE(0));
        void this.inflate.decompress(fr.payload.subarray(4));
      }
    }
    for (const w of this.waiters.splice(0)) w();
  }

  async until(cond: () => boolean): Promise<void> {
    const end = Date.now() + 5000;
    while (!cond()) {
      if (Date.now() > end) throw new Error('timed out');
      await new Promise<void>((r) => {
        this.waiters.push(r);
        setTimeout(r, 50);
      });
    }
  }

  async open(id: number, headers: Record<string, string>): Promise<void> {
    this.send(synStreamFrame(id, 0, await this.deflate.compress(headers)));
  }

  write(id: number, data: string, fin = false): void {
    this.send(dataFrame(id, fin ? FLAG_FIN : 0, Buffer.from(data)));
  }

  text(id: number): string {
    return (this.data.get(id) ?? Buffer.alloc(0)).toString();
  }
}

async function spdyUpgrade(path: string, protocols: string[]): Promise<{ client: Client; socket: Socket; response: string }> {
  const socket = connect(f.server.port, '127.0.0.1');
  await new Promise((r) => socket.once('connect', r));
  socket.write(`POST ${path} HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\n${protocols.map((p) => `X-Stream-Protocol-Version: ${p}\r\n`).join('')}\r\n`);
  const client = new Client((b) => socket.write(b));
  let buf = Buffer.alloc(0);
  const response = await new Promise<string>((resolve) => {
    const onData = (b: Buffer): void => {
      buf = Buffer.concat([buf, b]);
      const end = buf.indexOf('\r\n\r\n');
      if (end < 0) return;
      socket.off('data', onData);
      socket.on('data', (d: Buffer) => client.receive(d));
      if (buf.length > end + 4) client.receive(buf.subarray(end + 4));
      resolve(buf.subarray(0, end).toString());
    };
    socket.on('data', onData);
  });
  return { client, socket, response };
}

test('the SPDY/3 dictionary has the specified size', () => {
  assert.equal(SPDY3_DICTIONARY.length, 1423);
});

test('header blocks survive compression across several blocks', async () => {
  const d = new HeaderCompressor();
  const i = new HeaderDecompressor();
  for (const n of [1, 2, 3]) {
    assert.deepEqual(await i.decompress(await d.compress({ streamType: 'data', port: String(n) })), { streamtype: ['data'], port: [String(n)] });
  }
  d.close();
  i.close();
});

test('exec over SPDY: stream replies, output with FIN, v4 status, pings echoed', async () => {
  const { client, socket, response } = await spdyUpgrade('/exec/default/web/app?command=echo&command=spdy&stdout=true', ['v4.channel.k8s.io', 'channel.k8s.io']);
  assert.match(response, /^HTTP\/1\.1 101 /);
  assert.match(response, /X-Stream-Protocol-Version: v4\.channel\.k8s\.io/);
  await client.open(1, { streamType: 'error' });
  await client.open(3, { streamType: 'stdout' });
  socket.write(pingFrame(7));
  await client.until(() => client.fin.has(1) && client.fin.has(3));
  assert.ok(client.replies.has(1) && client.replies.has(3));
  assert.ok(client.frames.some((fr) => fr.kind === 'control' && fr.type === FrameType.Ping));
  assert.equal(client.text(3), 'spdy\n');
  assert.equal(client.text(1), '{"metadata":{},"status":"Success"}');
  socket.destroy();
});

test('port-forward over SPDY pairs error and data streams by request id', async () => {
  const { client, socket } = await spdyUpgrade('/portForward/default/web', ['portforward.k8s.io']);
  await client.open(1, { streamType: 'error', port: '80', requestID: '0' });
  await client.open(3, { streamType: 'data', port: '80', requestID: '0' });
  client.write(3, 'through the pod');
  await client.until(() => client.text(3) === 'through the pod');
  // A port nobody forwards to: the error stream says so.
  await client.open(5, { streamType: 'error', port: '81', requestID: '1' });
  await client.open(7, { streamType: 'data', port: '81', requestID: '1' });
  await client.until(() => client.fin.has(5));
  assert.match(JSON.parse(client.text(5)).message, /error forwarding port 81 to pod web, uid uid-1/);
  socket.destroy();
});

/** WebSocket frames by hand: the ws client refuses the non-token sub-protocol kubectl uses. */
function wsFrame(payload: Buffer): Buffer {
  const mask = Buffer.from([1, 2, 3, 4]);
  const len = payload.length < 126 ? Buffer.from([0x80 | payload.length]) : Buffer.from([0x80 | 126, payload.length >> 8, payload.length & 0xff]);
  return Buffer.concat([Buffer.from([0x82]), len, mask, Buffer.from(payload.map((b, i) => b ^ mask[i % 4]))]);
}

function wsUnframer(onMessage: (b: Buffer) => void): (b: Buffer) => void {
  let buf = Buffer.alloc(0);
  return (chunk) => {
    buf = Buffer.concat([buf, chunk]);
    for (;;) {
      if (buf.length < 2) return;
      let len = buf[1] & 0x7f;
      let off = 2;
      if (len === 126) {
        if (buf.length < 4) return;
        len = buf.readUInt16BE(2);
        off = 4;
      }
      if (buf.length < off + len) return;
      if ((buf[0] & 0x0f) === 2) onMessage(buf.subarray(off, off + len));
      buf = buf.subarray(off + len);
    }
  };
}

test('port-forward with SPDY tunnelled over WebSocket', async () => {
  const socket = connect(f.server.port, '127.0.0.1');
  await new Promise((r) => socket.once('connect', r));
  socket.write(
    'GET /portForward/default/web HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n' +
      'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Protocol: SPDY/3.1+portforward.k8s.io\r\n\r\n',
  );
  const client = new Client((b) => socket.write(wsFrame(b)));
  const unframe = wsUnframer((m) => client.receive(m));
  let head = Buffer.alloc(0);
  const response = await new Promise<string>((resolve) => {
    const onData = (b: Buffer): void => {
      head = Buffer.concat([head, b]);
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) return;
      socket.off('data', onData);
      socket.on('data', unframe);
      unframe(head.subarray(end + 4));
      resolve(head.subarray(0, end).toString());
    };
    socket.on('data', onData);
  });
  assert.match(response, /^HTTP\/1\.1 101 /);
  assert.match(response, /Sec-WebSocket-Protocol: SPDY\/3\.1\+portforward\.k8s\.io/i);
  await client.open(1, { streamType: 'error', port: '80', requestID: '0' });
  await client.open(3, { streamType: 'data', port: '80', requestID: '0' });
  client.write(3, 'tunnelled');
  await client.until(() => client.text(3) === 'tunnelled');
  socket.destroy();
});

test('port-forward over WebSocket channels (v4.channel.k8s.io)', async () => {
  const ws = new WebSocket(`ws://${f.base}/portForward/default/web?ports=80`, ['v4.channel.k8s.io']);
  const got: Buffer[] = [];
  ws.on('message', (m: Buffer) => got.push(m));
  await new Promise((r) => ws.once('open', r));
  ws.send(Buffer.concat([Buffer.from([0]), Buffer.from('chan')]));
  const end = Date.now() + 5000;
  const data = (): string => Buffer.concat(got.filter((m) => m[0] === 0).map((m) => m.subarray(1))).toString('latin1');
  while (!data().endsWith('chan') && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
  // Each channel opens with the port number, little-endian.
  assert.deepEqual([...got[0]], [0, 80, 0]);
  assert.deepEqual([...got[1]], [1, 80, 0]);
  assert.equal(data(), 'P\0chan');
  ws.close();
});
