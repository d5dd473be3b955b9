// The node agent's HTTP server (kubelet's :10250 API, the part the API server
// proxies to): container logs, exec, attach and port-forward.
//   GET  /containerLogs/{ns}/{pod}/{container}
//   GET|POST /exec/{ns}/{pod}[/{uid}]/{container}?command=…   (WebSocket or SPDY upgrade)
//   GET|POST /attach/{ns}/{pod}[/{uid}]/{container}            (WebSocket or SPDY upgrade)
//   GET|POST /portForward/{ns}/{pod}[/{uid}]                   (WebSocket, SPDY over WebSocket, or SPDY)
//   GET  /stats/summary                                        (CPU and memory of the node, pods, containers)
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable, type Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { RuntimeService } from '../../cri/types.js';
import { AgentRequestError, findRunningContainer, findSandbox, LABEL_POD_UID } from './lookup.js';
import { parseLogOptions, streamContainerLog } from './logs.js';
import {
  parsePorts,
  PORTFORWARD_SPDY_PROTOCOLS,
  PORTFORWARD_TUNNEL_PROTOCOL,
  PORTFORWARD_WS_PROTOCOLS,
  servePortForwardSpdy,
  servePortForwardWebSocket,
  type ForwardTarget,
} from './portforward.js';
import { parseStreamRequest, serveAttach, serveExec, type CommandSession } from './remotecommand.js';
import { SpdySession } from './spdy/session.js';
import { spdyCommandSession, SPDY_EXEC_PROTOCOLS } from './spdy-streams.js';
import { chooseProtocol, EXEC_PROTOCOLS, webSocketSession } from './ws-channels.js';
import { detectCgroupMode } from '../../runtime/host.js';
import { serveStatsSummary, StatsProvider } from './stats.js';

export interface AgentServerOptions {
  runtime: RuntimeService;
  host?: string;
  port?: number;
  log?: (line: string) => void;
  /** Resource stats for /stats/summary (default: the runtime's containers and the host's root cgroup). */
  stats?: StatsProvider;
}

export interface AgentServer {
  port: number;
  close(): Promise<void>;
}

const TUNNEL_TOKEN = 'skiff.spdy-portforward-tunnel';

interface Route {
  kind: 'containerLogs' | 'exec' | 'attach' | 'portForward';
  namespace: string;
  pod: string;
  uid?: string;
  container: string;
  query: URLSearchParams;
}

export function parseRoute(rawUrl: string): Route | undefined {
  const url = new URL(rawUrl, 'http://agent');
  const seg = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
  const [kind, ...rest] = seg;
  const q = url.searchParams;
  if (kind === 'containerLogs' && rest.length === 3) return { kind, namespace: rest[0], pod: rest[1], container: rest[2], query: q };
  if (kind === 'exec' || kind === 'attach') {
    if (rest.length === 3) return { kind, namespace: rest[0], pod: rest[1], container: rest[2], query: q };
    if (rest.length === 4) return { kind, namespace: rest[0], pod: rest[1], uid: rest[2], container: rest[3], query: q };
  }
  if (kind === 'portForward' || kind === 'portforward') {
    if (rest.length === 2 || rest.length === 3) return { kind: 'portForward', namespace: rest[0], pod: rest[1], uid: rest[2], container: '', query: q };
  }
  return undefined;
}

function httpError(socket: Duplex, code: number, message: string): void {
  const text = { 400: 'Bad Request', 403: 'Forbidden', 404: 'Not Found', 500: 'Internal Server Error' }[code] ?? 'Error';
  const body = Buffer.from(message);
  socket.end(`HTTP/1.1 ${code} ${text}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${message}`);
}

function headerList(v: string | string[] | undefined): string[] {
  return (Array.isArray(v) ? v : v ? [v] : []).flatMap((x) => x.split(',')).map((x) => x.trim()).filter(Boolean);
}

export async function startAgentServer(o: AgentServerOptions): Promise<AgentServer> {
  const { runtime } = o;
  const log = o.log ?? (() => {});
  const sockets = new Set<Duplex>();
  const wss = new WebSocketServer({
    noServer: true,
    perMessageDeflate: false,
    handleProtocols: (protocols, req) => {
      const r = parseRoute(req.url ?? '/');
      if (r?.kind === 'portForward') return chooseProtocol(protocols, [TUNNEL_TOKEN, ...PORTFORWARD_WS_PROTOCOLS]);
      return chooseProtocol(protocols, EXEC_PROTOCOLS);
    },
  });
  // `SPDY/3.1+portforward.k8s.io` is not a valid header token ('/'), which the
  // ws package refuses: it is swapped for a stand-in before the handshake and
  // restored in the response.
  wss.on('headers', (headers: string[]) => {
    for (let i = 0; i < headers.length; i++) {
      if (headers[i].toLowerCase() === `sec-websocket-protocol: ${TUNNEL_TOKEN}`) headers[i] = `Sec-WebSocket-Protocol: ${PORTFORWARD_TUNNEL_PROTOCOL}`;
    }
  });

  const stats = o.stats ?? new StatsProvider({ runtime, cgroupMode: detectCgroupMode() });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (await serveStatsSummary(stats, req, res, log)) return;
    try {
      const r = parseRoute(req.url ?? '/');
      if (!r) throw new AgentRequestError(404, '404 page not found');
      if (r.kind !== 'containerLogs') throw new AgentRequestError(400, 'Upgrade request required');
      if (req.method !== 'GET' && req.method !== 'HEAD') throw new AgentRequestError(405, 'method not allowed');
      const opts = parseLogOptions(r.query);
      let started = false;
      const start = (): void => {
        if (started) return;
        started = true;
        res.writeHead(200, { 'Content-Type': 'text/plain', 'Transfer-Encoding': 'chunked' });
      };
      const out = new Writable({
        write(chunk: Buffer, _e, cb) {
          start();
          res.write(chunk) ? cb() : res.once('drain', () => cb());
        },
      });
      let aborted = false;
      res.on('close', () => (aborted = true));
      await streamContainerLog(runtime, r.namespace, r.pod, r.container, opts, out, () => aborted, () => {
        start();
        res.flushHeaders();
      });
      start();
      res.end();
    } catch (e) {
      const code = e instanceof AgentRequestError ? e.code : 500;
      if (code === 500) log(`agent: ${req.method} ${req.url}: ${(e as Error).stack ?? String(e)}`);
      if (!res.headersSent) {
        res.writeHead(code, { 'Content-Type': 'text/plain; charset=utf-8' });
        res.end((e as Error).message);
      } else res.destroy();
    }
  }

  async function target(r: Route): Promise<ForwardTarget> {
    const sb = await findSandbox(runtime, r.namespace, r.pod, r.uid);
    return { runtime, sandboxId: sb.id, pod: r.pod, uid: sb.labels[LABEL_POD_UID] ?? sb.metadata.uid };
  }

  async function upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    socket.on('error', () => socket.destroy());
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    const r = parseRoute(req.url ?? '/');
    if (!r || r.kind === 'containerLogs') return httpError(socket, 404, '404 page not found');
    const kind = String(req.headers.upgrade ?? '').toLowerCase();
    try {
      if (r.kind === 'portForward') {
        const t = await target(r);
        if (kind === 'websocket') {
          const offered = req.headers['sec-websocket-protocol'];
          if (offered) req.headers['sec-websocket-protocol'] = headerList(offered).map((p) => (p === PORTFORWARD_TUNNEL_PROTOCOL ? TUNNEL_TOKEN : p)).join(', ');
          return wss.handleUpgrade(req, socket, head, (ws: WebSocket) => {
            if (ws.protocol === TUNNEL_TOKEN) {
              const session = new SpdySession({ write: (b) => ws.send(b), end: () => ws.close(1000) });
              ws.on('message', (m) => session.receive(Buffer.isBuffer(m) ? m : Buffer.concat(m as Buffer[])));
              ws.on('close', () => session.transportClosed());
              servePortForwardSpdy(session, t);
            } else servePortForwardWebSocket(ws, ws.protocol, parsePorts(r.query), t);
          });
        }
        const session = spdyUpgrade(req, socket, head, PORTFORWARD_SPDY_PROTOCOLS);
        if (session) servePortForwardSpdy(session.session, t);
        return;
      }
      const streams = parseStreamRequest(r.query);
      const command = r.query.getAll('command');
      if (r.kind === 'exec' && command.length === 0) throw new AgentRequestError(400, 'you must specify a command');
      const c = await findRunningContainer(runtime, r.namespace, r.pod, r.container);
      const run = (s: CommandSession): Promise<void> => (r.kind === 'exec' ? serveExec(runtime, c.id, command, s) : serveAttach(runtime, c.id, s));
      if (kind === 'websocket') {
        return wss.handleUpgrade(req, socket, head, (ws: WebSocket) => void run(webSocketSession(ws, ws.protocol, streams)));
      }
      const up = spdyUpgrade(req, socket, head, SPDY_EXEC_PROTOCOLS);
      if (!up) return;
      const session = await spdyCommandSession(up.session, up.protocol, streams);
      await run(session);
    } catch (e) {
      const code = e instanceof AgentRequestError ? e.code : 500;
      if (code === 500) log(`agent: upgrade ${req.url}: ${(e as Error).stack ?? String(e)}`);
      if (socket.writable) httpError(socket, code, (e as Error).message);
    }
  }

  /** Answers a `Upgrade: SPDY/3.1` request with 101 and starts the session on the socket. */
  function spdyUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer, supported: string[]): { session: SpdySession; protocol: string } | undefined {
    if (String(req.headers.upgrade ?? '').toLowerCase() !== 'spdy/3.1') {
      httpError(socket, 400, `unsupported upgrade ${JSON.stringify(req.headers.upgrade ?? '')}`);
      return undefined;
    }
    const offered = headerList(req.headers['x-stream-protocol-version']);
    let protocol = '';
    if (offered.length) {
      protocol = offered.find((p) => supported.includes(p)) ?? '';
      if (!protocol) {
        httpError(socket, 403, `unable to upgrade: unable to negotiate protocol: client supports [${offered.join(' ')}], server supports [${supported.join(' ')}]`);
        return undefined;
      }
    }
    socket.write(
      'HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\n' +
        (protocol ? `X-Stream-Protocol-Version: ${protocol}\r\n` : '') +
        '\r\n',
    );
    const session = new SpdySession({ write: (b) => socket.write(b), end: () => socket.end() });
    socket.on('data', (b: Buffer) => session.receive(b));
    socket.on('close', () => session.transportClosed());
    if (head.length) session.receive(head);
    return { session, protocol };
  }

  const server: Server = createServer((req, res) => void handle(req, res));
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => void upgrade(req, socket, head));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port ?? 0, o.host ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    async close() {
      for (const c of wss.clients) c.terminate();
      for (const s of sockets) s.destroy();
      wss.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
