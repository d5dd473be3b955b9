// Port forwarding into a pod's network namespace.
// - SPDY (plain `Upgrade: SPDY/3.1`, or SPDY tunnelled in WebSocket binary
//   messages with sub-protocol `SPDY/3.1+portforward.k8s.io`, as kubectl 1.31+
//   sends): per forwarded connection the client opens an `error` and a `data`
//   stream with the same `requestid` and a `port` header.
// - WebSocket channels (`v4.channel.k8s.io`, `?ports=80,443`): channel 2i is
//   port i's data, 2i+1 its errors; both start with the port (uint16 LE).
import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';
import type { RuntimeService } from '../../cri/types.js';
import { AgentRequestError } from './lookup.js';
import type { SpdySession, SpdyStream } from './spdy/session.js';
import { ChannelCodec } from './ws-channels.js';

export const PORTFORWARD_SPDY_PROTOCOLS = ['portforward.k8s.io'];
export const PORTFORWARD_TUNNEL_PROTOCOL = 'SPDY/3.1+portforward.k8s.io';
export const PORTFORWARD_WS_PROTOCOLS = ['v4.channel.k8s.io', 'v4.base64.channel.k8s.io', 'channel.k8s.io', 'base64.channel.k8s.io'];

export interface ForwardTarget {
  runtime: RuntimeService;
  sandboxId: string;
  /** For error messages. */
  pod: string;
  uid: string;
}

function parsePort(v: string | undefined): number {
  if (!v) throw new Error('"port" header is required');
  if (!/^\d+$/.test(v) || Number(v) < 1 || Number(v) > 65535) throw new Error(`unable to parse "${v}" as a port`);
  return Number(v);
}

/** Connects `a` and `b` both ways, half-closing as each side ends. */
function splice(a: Duplex, b: NodeJS.ReadWriteStream, done: () => void): void {
  let ended = 0;
  const one = (): void => {
    if (++ended === 2) done();
  };
  a.pipe(b as unknown as NodeJS.WritableStream).on('error', () => {});
  (b as unknown as NodeJS.ReadableStream).pipe(a);
  a.once('end', one);
  (b as NodeJS.ReadableStream).once('end', one);
  const fail = (): void => {
    a.destroy();
    (b as unknown as Duplex).destroy?.();
    done();
  };
  a.once('close', () => (b as unknown as Duplex).destroy?.());
  a.once('error', fail);
  (b as NodeJS.ReadableStream).once('error', fail);
}

/** Serves port-forward requests on a SPDY session (until it closes). */
export function servePortForwardSpdy(session: SpdySession, t: ForwardTarget): void {
  const pairs = new Map<string, { data?: SpdyStream; error?: SpdyStream; timer: NodeJS.Timeout }>();
  session.streamHandler((s) => {
    const type = s.header('streamtype');
    let port: number;
    try {
      port = parsePort(s.header('port'));
      if (type !== 'error' && type !== 'data') throw new Error(`invalid stream type "${type ?? ''}"`);
    } catch (e) {
      s.end((e as Error).message);
      return;
    }
    let id = s.header('requestid');
    if (id === undefined) id = String(type === 'error' ? s.id : s.id - 2);
    let pair = pairs.get(id);
    if (!pair) {
      const requestId = id;
      pair = {
        timer: setTimeout(() => {
          const p = pairs.get(requestId);
          pairs.delete(requestId);
          p?.error?.end(`(request=${requestId}) timed out waiting for streams`);
          p?.data?.reset();
        }, 30_000),
      };
      pairs.set(id, pair);
    }
    if (pair[type]) {
      s.end(`error processing stream for request ${id}: ${type} stream already assigned`);
      return;
    }
    pair[type] = s;
    if (!pair.data || !pair.error) return;
    clearTimeout(pair.timer);
    pairs.delete(id);
    void forwardPair(t, port, pair.data, pair.error);
  });
}

async function forwardPair(t: ForwardTarget, port: number, data: SpdyStream, error: SpdyStream): Promise<void> {
  error.resume(); // the client sends nothing on it
  let conn: NodeJS.ReadWriteStream;
  try {
    conn = await t.runtime.portForward(t.sandboxId, port);
  } catch (e) {
    const message = `error forwarding port ${port} to pod ${t.pod}, uid ${t.uid}: ${(e as Error).message}`;
    error.end(JSON.stringify({ closeConnection: false, message }) + '\n');
    data.end();
    return;
  }
  splice(data, conn, () => {
    if (!error.writableEnded) error.end();
    if (!data.writableEnded) data.end();
  });
}

/** Serves the channel WebSocket port-forward protocol for the ports in `?ports=`. */
export function servePortForwardWebSocket(ws: WebSocket, protocol: string, ports: number[], t: ForwardTarget): void {
  const codec = new ChannelCodec(protocol);
  const send = (channel: number, data: Buffer): void => {
    if (ws.readyState === ws.OPEN) ws.send(codec.encode(channel, data));
  };
  const conns: (NodeJS.ReadWriteStream | undefined)[] = [];
  const pending: Buffer[][] = ports.map(() => []);
  ports.forEach((port, i) => {
    const le = Buffer.alloc(2);
    le.writeUInt16LE(port);
    send(2 * i, le);
    send(2 * i + 1, le);
    t.runtime.portForward(t.sandboxId, port).then(
      (c) => {
        conns[i] = c;
        for (const b of pending[i]) c.write(b);
        pending[i] = [];
        c.on('data', (b: Buffer) => send(2 * i, b));
        c.on('end', () => ws.close(1000));
        c.on('error', (e: Error) => send(2 * i + 1, Buffer.from(`error forwarding port ${port} to pod ${t.pod}, uid ${t.uid}: ${e.message}`)));
      },
      (e: Error) => send(2 * i + 1, Buffer.from(`error forwarding port ${port} to pod ${t.pod}, uid ${t.uid}: ${e.message}`)),
    );
  });
  ws.on('message', (raw, isBinary) => {
    const msg = Buffer.isBuffer(raw) ? raw : Array.isArray(raw) ? Buffer.concat(raw) : Buffer.from(raw as ArrayBuffer);
    const f = codec.decode(msg, isBinary);
    if (!f || f.channel % 2 !== 0) return;
    const i = f.channel / 2;
    if (i >= ports.length) return;
    const c = conns[i];
    if (c) c.write(f.data);
    else pending[i].push(f.data);
  });
  ws.on('close', () => {
    for (const c of conns) (c as unknown as Duplex | undefined)?.destroy?.();
  });
}

export function parsePorts(q: URLSearchParams): number[] {
  const raw = q.getAll('ports').flatMap((v) => v.split(','));
  if (raw.length === 0) throw new AgentRequestError(400, 'query parameter "port" is required');
  return raw.map((p) => {
    if (!/^\d+$/.test(p.trim()) || Number(p) < 1 || Number(p) > 65535) throw new AgentRequestError(400, `unable to parse "${p}" as a port: invalid port`);
    return Number(p);
  });
}
