// The channel.k8s.io WebSocket sub-protocols for exec/attach: every message
// starts with a channel byte (0 stdin, 1 stdout, 2 stderr, 3 error/status,
// 4 resize); the base64 variants send text messages with the channel as an
// ASCII digit and base64 data. v5 adds a close signal: [255, channel] ends
// the client's side of that channel (stdin EOF).
import { PassThrough, Writable } from 'node:stream';
import type { WebSocket } from 'ws';
import type { CommandSession, ExecStatus, StreamRequest, TerminalSize } from './remotecommand.js';

export const V5 = 'v5.channel.k8s.io';
export const V4 = 'v4.channel.k8s.io';
export const V4_BASE64 = 'v4.base64.channel.k8s.io';
export const V1 = 'channel.k8s.io';
export const V1_BASE64 = 'base64.channel.k8s.io';

/** Sub-protocols for exec/attach, most preferred first. */
export const EXEC_PROTOCOLS = [V5, V4, V4_BASE64, V1, V1_BASE64];

const STDIN = 0;
const STDOUT = 1;
const STDERR = 2;
const ERROR = 3;
const RESIZE = 4;
const CLOSE = 255;

/** Picks our most preferred protocol among those offered ('' when none was offered). */
export function chooseProtocol(offered: Iterable<string>, supported: string[]): string | false {
  const set = new Set(offered);
  if (set.size === 0) return '';
  return supported.find((p) => set.has(p)) ?? false;
}

/** Frames and unframes channel messages for one negotiated protocol. */
export class ChannelCodec {
  readonly base64: boolean;
  constructor(readonly protocol: string) {
    this.base64 = protocol.includes('base64');
  }

  encode(channel: number, data: Buffer): Buffer | string {
    if (this.base64) return String.fromCharCode(48 + channel) + data.toString('base64');
    return Buffer.concat([Buffer.from([channel]), data]);
  }

  decode(msg: Buffer, isBinary: boolean): { channel: number; data: Buffer } | undefined {
    if (msg.length === 0) return undefined;
    if (this.base64 && !isBinary) {
      const channel = msg[0] - 48;
      return { channel, data: Buffer.from(msg.subarray(1).toString(), 'base64') };
    }
    return { channel: msg[0], data: msg.subarray(1) };
  }
}

class AsyncQueue<T> implements AsyncIterable<T> {
  private items: T[] = [];
  private waiters: ((r: IteratorResult<T>) => void)[] = [];
  private done = false;

  push(v: T): void {
    const w = this.waiters.shift();
    if (w) w({ value: v, done: false });
    else this.items.push(v);
  }

  end(): void {
    this.done = true;
    for (const w of this.waiters.splice(0)) w({ value: undefined as never, done: true });
  }

  [Symbol.asyncIterator](): AsyncIterator<T> {
    return {
      next: () => {
        if (this.items.length) return Promise.resolve({ value: this.items.shift()!, done: false });
        if (this.done) return Promise.resolve({ value: undefined as never, done: true });
        return new Promise((resolve) => this.waiters.push(resolve));
      },
    };
  }
}

export function parseResize(data: Buffer): TerminalSize[] {
  const out: TerminalSize[] = [];
  // One or more JSON documents ({"Width":80,"Height":24}), possibly concatenated.
  for (const m of data.toString().matchAll(/\{[^{}]*\}/g)) {
    try {
      const v = JSON.parse(m[0]) as { Width?: number; Height?: number; width?: number; height?: number };
      const width = v.Width ?? v.width;
      const height = v.Height ?? v.height;
      if (typeof width === 'number' && typeof height === 'number') out.push({ width, height });
    } catch {
      /* ignore malformed resize messages */
    }
  }
  return out;
}

/** A CommandSession over an open WebSocket with a negotiated channel protocol. */
export function webSocketSession(ws: WebSocket, protocol: string, req: StreamRequest): CommandSession {
  const codec = new ChannelCodec(protocol);
  const v4plus = protocol === V5 || protocol === V4 || protocol === V4_BASE64;
  const send = (channel: number, data: Buffer): Promise<void> =>
    new Promise((resolve) => {
      if (ws.readyState !== ws.OPEN) return resolve();
      ws.send(codec.encode(channel, data), () => resolve());
    });
  const writer = (channel: number): Writable =>
    new Writable({
      write(chunk: Buffer, _enc, cb) {
        send(channel, Buffer.from(chunk)).then(() => cb());
      },
    });
  const stdin = req.stdin ? new PassThrough() : undefined;
  const resize = req.tty ? new AsyncQueue<TerminalSize>() : undefined;
  ws.on('message', (raw, isBinary) => {
    const msg = Array.isArray(raw) ? Buffer.concat(raw) : Buffer.isBuffer(raw) ? raw : Buffer.from(raw as ArrayBuffer);
    const f = codec.decode(msg, isBinary);
    if (!f) return;
    if (f.channel === STDIN && stdin && !stdin.writableEnded) stdin.write(f.data);
    else if (f.channel === RESIZE && resize) for (const s of parseResize(f.data)) resize.push(s);
    else if (f.channel === CLOSE && protocol === V5 && f.data[0] === STDIN) stdin?.end();
  });
  ws.on('close', () => {
    if (stdin && !stdin.writableEnded) stdin.end();
    resize?.end();
  });
  const session: CommandSession = {
    stdin,
    stdout: req.stdout ? writer(STDOUT) : undefined,
    stderr: req.stderr ? writer(STDERR) : undefined,
    tty: req.tty,
    resize,
    async writeStatus(s: ExecStatus) {
      if (v4plus) await send(ERROR, Buffer.from(JSON.stringify(s)));
      else if (s.status !== 'Success') await send(ERROR, Buffer.from(s.message ?? 'error'));
    },
    async close() {
      resize?.end();
      if (ws.readyState === ws.OPEN) ws.close(1000);
    },
  };
  // Tell the client the streams are open: an empty message on the lowest writable channel.
  void send(req.stdout ? STDOUT : req.stderr ? STDERR : ERROR, Buffer.alloc(0));
  return session;
}
