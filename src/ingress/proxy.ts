// The HTTP reverse proxy: route the request (host, path), pick a backend
// endpoint round-robin, forward with streaming bodies in both directions and
// keep-alive connections to backends. A connection failure before any of the
// request body went out (refused, unreachable, connect timeout; or a reset on
// a reused keep-alive connection of a bodyless request) is retried on another
// endpoint, up to `maxTries` in all. One log line per request.
import { type Agent, type ClientRequest, type IncomingMessage, request, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { BackendState, Backends, Endpoint } from './backends.js';
import { hasBody, requestHeaders, responseHeaders } from './headers.js';
import { requestHost, requestPath, type RouteMatch } from './routes.js';

export interface ProxyContext {
  match(host: string, path: string): RouteMatch | undefined;
  /** False until the caches have synced (requests then get a 503). */
  ready(): boolean;
  backends: Backends;
  agent: Agent;
  log(line: string): void;
  /** The request log (one line per request); undefined: none. */
  access?: (line: string) => void;
  /** Logs a configuration problem once (until the configuration changes). */
  problem(msg: string): void;
  maxTries: number;
  connectTimeoutMs: number;
}

const RETRYABLE_CONNECT = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'EHOSTDOWN', 'ETIMEDOUT', 'ECONNRESET', 'EADDRNOTAVAIL', 'ENOTFOUND', 'EAI_AGAIN']);

export class ConnectTimeoutError extends Error {
  readonly code = 'ETIMEDOUT';
  constructor(ep: string, ms: number) {
    super(`connect to ${ep} timed out after ${ms} ms`);
    this.name = 'ConnectTimeoutError';
  }
}

/** Writes a small plain-text error answer (if the response has not started). */
export function sendError(res: ServerResponse, status: number, text: string): number {
  if (res.headersSent) {
    res.destroy();
    return 0;
  }
  const body = `${status} ${text}\n`;
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
  return body.length;
}

interface Exchange {
  req: IncomingMessage;
  res: ServerResponse;
  proto: string;
  port: number;
  started: number;
  host: string;
  path: string;
  route?: RouteMatch;
  state?: BackendState;
  tried?: Set<string>;
  endpoint?: Endpoint;
  headers?: string[];
  /** The current request to the backend. */
  upstream?: ClientRequest;
  bytes: number;
  done: boolean;
}

export function handleRequest(ctx: ProxyContext, req: IncomingMessage, res: ServerResponse, proto: string, port: number): void {
  const x: Exchange = { req, res, proto, port, started: performance.now(), host: requestHost(req.headers.host), path: requestPath(req.url), bytes: 0, done: false };
  res.on('close', () => {
    // The client went away (or the answer is complete): stop the backend request if it is still running.
    if (!res.writableFinished) x.upstream?.destroy();
    finish(ctx, x);
  });
  req.on('error', () => res.destroy());
  if (!ctx.ready()) return void (x.bytes = sendError(res, 503, 'Service Unavailable (ingress controller starting)'));
  const route = ctx.match(x.host, x.path);
  if (!route) return void (x.bytes = sendError(res, 404, 'Not Found'));
  x.route = route;
  const state = ctx.backends.resolve(route.backend);
  if (state.endpoints.length === 0) {
    ctx.problem(`ingress ${route.backend.ingress}: ${state.problem}`);
    return void (x.bytes = sendError(res, 503, 'Service Unavailable'));
  }
  x.state = state;
  x.headers = requestHeaders(req, proto, port);
  attempt(ctx, x, 1);
}

function attempt(ctx: ProxyContext, x: Exchange, n: number): void {
  const ep = ctx.backends.pick(x.state!, x.tried);
  if (!ep) return void (x.bytes = sendError(x.res, 502, 'Bad Gateway'));
  x.endpoint = ep;
  const { req, res } = x;
  const withBody = hasBody(req);
  let bodyStarted = false;
  let timer: NodeJS.Timeout | undefined;
  const preq = request({ host: ep.host, port: ep.port, method: req.method, path: req.url, headers: x.headers, agent: ctx.agent, setHost: false });
  x.upstream = preq;
  const startBody = (): void => {
    if (timer) clearTimeout(timer);
    if (!withBody || bodyStarted || preq.destroyed) return;
    bodyStarted = true;
    req.pipe(preq);
  };
  if (!withBody) preq.end();
  preq.on('socket', (sock: Socket) => {
    if (!sock.connecting) return startBody();
    timer = setTimeout(() => preq.destroy(new ConnectTimeoutError(ep.id, ctx.connectTimeoutMs)), ctx.connectTimeoutMs);
    sock.once('connect', startBody);
  });
  preq.on('response', (up) => {
    if (res.destroyed) return void up.destroy();
    res.writeHead(up.statusCode ?? 502, up.statusMessage, responseHeaders(up.rawHeaders));
    // Streams (no length: chunked, SSE) get their headers at once.
    if (up.headers['content-length'] === undefined) res.flushHeaders();
    up.on('data', (chunk: Buffer) => {
      x.bytes += chunk.length;
      if (!res.write(chunk)) {
        up.pause();
        res.once('drain', () => up.resume());
      }
    });
    up.on('end', () => res.end());
    up.on('error', () => res.destroy());
  });
  preq.on('error', (err: NodeJS.ErrnoException) => {
    if (timer) clearTimeout(timer);
    if (res.headersSent || res.destroyed) return void res.destroy();
    const code = err.code ?? '';
    const connectFailure = !bodyStarted && RETRYABLE_CONNECT.has(code) && (code !== 'ECONNRESET' || (preq.reusedSocket && !withBody));
    if (connectFailure && n < ctx.maxTries && x.state!.endpoints.length > 1) {
      (x.tried ??= new Set()).add(ep.id);
      ctx.log(`ingress: ${ep.id} for ${x.route!.backend.key}: ${code || err.message}; retrying another endpoint`);
      return attempt(ctx, x, n + 1);
    }
    if (connectFailure && n < ctx.maxTries && code === 'ECONNRESET') return attempt(ctx, x, n + 1);
    ctx.log(`ingress: ${ep.id} for ${x.route!.backend.key}: ${err.message}`);
    x.bytes = sendError(res, code === 'ETIMEDOUT' ? 504 : 502, code === 'ETIMEDOUT' ? 'Gateway Timeout' : 'Bad Gateway');
  });
}

function finish(ctx: ProxyContext, x: Exchange): void {
  if (x.done || !ctx.access) return;
  x.done = true;
  const ms = performance.now() - x.started;
  const status = x.res.writableFinished ? x.res.statusCode : `${x.res.statusCode}(aborted)`;
  ctx.access(`ingress: ${x.req.method} ${x.host}${x.req.url} ${status} ${x.bytes}B ${ms.toFixed(1)}ms ${x.endpoint?.id ?? '-'} ${x.route ? x.route.backend.key : '-'}`);
}
