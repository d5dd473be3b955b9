// Upgrade pass-through (WebSocket and any other `Upgrade:` protocol): route
// as a normal request, open a TCP connection to a backend endpoint (retrying
// others on connection failure), replay the request head with
// X-Forwarded-* headers, then pipe bytes both ways until either side closes.
// The backend's own answer (101 or a refusal) goes to the client unchanged.
import { connect, type Socket } from 'node:net';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Endpoint } from './backends.js';
import { requestHeaders } from './headers.js';
import type { ProxyContext } from './proxy.js';
import { requestHost, requestPath } from './routes.js';

function refuse(socket: Duplex, status: number, text: string): void {
  const body = `${status} ${text}\n`;
  socket.end(`HTTP/1.1 ${status} ${text}\r\nContent-Type: text/plain\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`);
}

export function handleUpgrade(ctx: ProxyContext, req: IncomingMessage, socket: Duplex, head: Buffer, proto: string, port: number): void {
  const host = requestHost(req.headers.host);
  const line = `ingress: ${req.method} ${host}${req.url} upgrade(${req.headers.upgrade ?? ''})`;
  socket.on('error', () => socket.destroy());
  if (!ctx.ready()) return refuse(socket, 503, 'Service Unavailable');
  const route = ctx.match(host, requestPath(req.url));
  if (!route) {
    ctx.log(`${line} 404`);
    return refuse(socket, 404, 'Not Found');
  }
  const state = ctx.backends.resolve(route.backend);
  if (state.endpoints.length === 0) {
    ctx.problem(`ingress ${route.backend.ingress}: ${state.problem}`);
    ctx.log(`${line} 503 ${route.backend.key}`);
    return refuse(socket, 503, 'Service Unavailable');
  }
  const headers = requestHeaders(req, proto, port, true);
  let headText = `${req.method} ${req.url} HTTP/1.1\r\n`;
  for (let i = 0; i < headers.length; i += 2) headText += `${headers[i]}: ${headers[i + 1]}\r\n`;
  headText += '\r\n';
  const tried = new Set<string>();
  const attempt = (n: number): void => {
    const ep: Endpoint | undefined = ctx.backends.pick(state, tried);
    if (!ep || socket.destroyed) return refuse(socket, 502, 'Bad Gateway');
    tried.add(ep.id);
    const up: Socket = connect({ host: ep.host, port: ep.port });
    const timer = setTimeout(() => up.destroy(Object.assign(new Error(`connect to ${ep.id} timed out`), { code: 'ETIMEDOUT' })), ctx.connectTimeoutMs);
    let connected = false;
    up.once('connect', () => {
      connected = true;
      clearTimeout(timer);
      up.setNoDelay(true);
      up.write(headText);
      if (head.length) up.write(head);
      ctx.access?.(`${line} ${ep.id} ${route.backend.key}`);
      up.pipe(socket);
      socket.pipe(up);
    });
    up.on('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      if (connected) return void socket.destroy();
      if (n < ctx.maxTries && tried.size < state.endpoints.length) {
        ctx.log(`ingress: ${ep.id} for ${route.backend.key}: ${err.code ?? err.message}; retrying another endpoint`);
        return attempt(n + 1);
      }
      ctx.log(`${line} 502 ${ep.id}: ${err.message}`);
      refuse(socket, err.code === 'ETIMEDOUT' ? 504 : 502, err.code === 'ETIMEDOUT' ? 'Gateway Timeout' : 'Bad Gateway');
    });
    // A side that ended cleanly has already ended the other through pipe(); one that was cut off takes the other down.
    up.on('close', () => {
      if (connected && !socket.writableEnded) socket.destroy();
    });
    socket.on('close', () => {
      if (!up.writableEnded) up.destroy();
    });
  };
  attempt(1);
}
