// The HTTP front of the API server: non-resource endpoints (health, version,
// discovery, OpenAPI) and the resource dispatcher, with every failure answered
// as a metav1.Status.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { aggregatedDiscovery, apiGroup, apiGroupList, apiResourceList, apiVersions } from '../discovery.js';
import { badRequest, methodNotAllowed, StatusError, toStatusError } from '../errors.js';
import type { Registry } from '../registry/registry.js';
import { dispatchResource } from './dispatch.js';
import { wantsAggregatedDiscovery } from './negotiate.js';
import type { HandlerServices } from './request.js';
import { sendJson, sendStatus, send } from './respond.js';
import { MethodError, parseRequest, PathError } from './route.js';

export interface VersionInfo {
  major: string;
  minor: string;
  gitVersion: string;
  gitCommit: string;
  gitTreeState: string;
  buildDate: string;
  goVersion: string;
  compiler: string;
  platform: string;
}

/** Answers for paths outside /api and /apis (OpenAPI, health checks added by the server). */
export type NonResourceHandler = (req: IncomingMessage, res: ServerResponse, url: URL) => boolean | Promise<boolean>;

export interface HttpOptions {
  registry: Registry;
  services: HandlerServices;
  version: VersionInfo;
  /** Extra non-resource routes, tried in order before 404. */
  routes?: NonResourceHandler[];
  /** Handles an HTTP upgrade (exec/attach/port-forward streams); resolves false when not handled. */
  upgrade?(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<boolean>;
  /** Health: returns failing check names (empty = healthy). */
  health(): string[];
  log?(line: string): void;
}

const NOT_FOUND = (): StatusError => new StatusError(404, 'NotFound', 'the server could not find the requested resource', {});

export class HttpFront {
  private server?: Server;
  private address = '';

  constructor(private readonly o: HttpOptions) {}

  async listen(port: number, host: string): Promise<number> {
    const server = createServer({ keepAliveTimeout: 65_000, requestTimeout: 0 }, (req, res) => void this.handle(req, res));
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => void this.handleUpgrade(req, socket, head));
    server.headersTimeout = 60_000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
    this.server = server;
    const a = server.address() as AddressInfo;
    this.address = `${host}:${a.port}`;
    return a.port;
  }

  async close(): Promise<void> {
    const s = this.server;
    if (!s) return;
    this.server = undefined;
    await new Promise<void>((resolve) => {
      s.close(() => resolve());
      s.closeAllConnections();
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = Date.now();
    try {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const info = parseRequest(req.method ?? 'GET', url.pathname, url.searchParams);
      if (info.kind === 'resource') {
        await dispatchResource(req, res, info, url.searchParams, this.o.services);
      } else if (!(await this.nonResource(req, res, url))) {
        throw NOT_FOUND();
      }
    } catch (e) {
      const err = e instanceof MethodError ? methodNotAllowed() : e instanceof PathError ? badRequest(e.message) : toStatusError(e);
      if (err.code >= 500) this.o.log?.(`${req.method} ${req.url}: ${(e as Error).stack ?? String(e)}`);
      if (!res.headersSent) sendStatus(res, err);
      else res.end();
    } finally {
      if (process.env.SKIFF_HTTP_LOG) this.o.log?.(`${req.method} ${req.url} ${res.statusCode} ${Date.now() - started}ms`);
    }
  }

  private async handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    socket.on('error', () => socket.destroy());
    try {
      if (this.o.upgrade && (await this.o.upgrade(req, socket, head))) return;
      const body = JSON.stringify(NOT_FOUND().toStatus());
      socket.end(`HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
    } catch (e) {
      const err = toStatusError(e);
      const body = JSON.stringify(err.toStatus());
      if (socket.writable) socket.end(`HTTP/1.1 ${err.code} ${err.reason || 'Error'}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
    }
  }

  private async nonResource(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
    const path = url.pathname.replace(/\/+$/, '') || '/';
    const reg = this.o.registry;
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    switch (path) {
      case '/version':
        sendJson(res, 200, this.o.version);
        return true;
      case '/healthz':
      case '/livez':
      case '/readyz': {
        const failing = this.o.health();
        if (url.searchParams.has('verbose')) {
          const lines = ['[+]ping ok', '[+]etcd ok', ...failing.map((f) => `[-]${f} failed`), failing.length ? `${path.slice(1)} check failed` : `${path.slice(1)} check passed`];
          send(res, failing.length ? 500 : 200, lines.join('\n') + '\n', 'text/plain; charset=utf-8');
        } else send(res, failing.length ? 500 : 200, failing.length ? `[-]${failing.join(',')} failed\n` : 'ok', 'text/plain; charset=utf-8');
        return true;
      }
      case '/api':
        return this.discovery(req, res, true) || (sendJson(res, 200, apiVersions(this.address)), true);
      case '/apis':
        return this.discovery(req, res, false) || (sendJson(res, 200, apiGroupList(reg)), true);
      case '/api/v1':
        sendJson(res, 200, apiResourceList(reg, '', 'v1'));
        return true;
    }
    const m = /^\/apis\/([^/]+)(?:\/([^/]+))?$/.exec(path);
    if (m) {
      if (m[2]) {
        if (!reg.hasGroupVersion(m[1], m[2])) return false;
        sendJson(res, 200, apiResourceList(reg, m[1], m[2]));
        return true;
      }
      const g = apiGroup(reg, m[1]);
      if (!g) return false;
      sendJson(res, 200, g);
      return true;
    }
    if (path.startsWith('/healthz/') || path.startsWith('/livez/') || path.startsWith('/readyz/')) {
      send(res, 200, 'ok', 'text/plain; charset=utf-8');
      return true;
    }
    for (const r of this.o.routes ?? []) if (await r(req, res, url)) return true;
    return false;
  }

  private discovery(req: IncomingMessage, res: ServerResponse, legacy: boolean): boolean {
    const v = wantsAggregatedDiscovery(req.headers.accept);
    if (!v) return false;
    const body = aggregatedDiscovery(this.o.registry, legacy, v);
    sendJson(res, 200, body, { Vary: 'Accept' }, `application/json;g=apidiscovery.k8s.io;v=${v};as=APIGroupDiscoveryList`);
    return true;
  }
}
