// HttpResourceClient: the ResourceClient over node:http with a keep-alive
// agent, JSON bodies, ApiError from Status bodies, and watch streaming.
import http from 'node:http';
import { apiErrorFrom, apiErrorFromStatus } from './errors.js';
import { NdjsonSplitter } from './ndjson.js';
import type { KubeObject } from '../apiserver/types.js';
import type { GVR, ListOptions, ObjectList, ResourceClient, WatchEvent, WatchHandle, WriteOptions } from './types.js';
import { listQuery, PATCH_CONTENT_TYPES, queryString, resourcePath, writeQuery } from './url.js';

export interface HttpClientOptions {
  /** User-Agent header (e.g. 'skiff-scheduler'). */
  userAgent?: string;
  /** Per-request timeout for non-watch requests (default 30 s). */
  timeoutMs?: number;
}

export class RequestTimeoutError extends Error {
  constructor(readonly method: string, readonly path: string) {
    super(`${method} ${path}: request timed out`);
    this.name = 'RequestTimeoutError';
  }
}

export class HttpResourceClient implements ResourceClient {
  private readonly base: URL;
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 32 });
  private readonly watchAgent = new http.Agent({ keepAlive: false });

  constructor(baseUrl: string, private readonly opts: HttpClientOptions = {}) {
    this.base = new URL(baseUrl);
    if (this.base.protocol !== 'http:') throw new Error(`HttpResourceClient supports http: URLs only, not ${this.base.protocol}`);
  }

  /** Closes idle keep-alive sockets. */
  close(): void {
    this.agent.destroy();
    this.watchAgent.destroy();
  }

  /** One request; resolves with the parsed JSON body (undefined when empty). */
  request<T = unknown>(method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<T> {
    const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
    return new Promise<T>((resolve, reject) => {
      const req = http.request(
        {
          host: this.base.hostname,
          port: this.base.port,
          method,
          path,
          agent: this.agent,
          headers: {
            Accept: 'application/json',
            'User-Agent': this.opts.userAgent ?? 'skiff-client',
            ...(payload !== undefined ? { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(payload) } : {}),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', reject);
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            const code = res.statusCode ?? 0;
            if (code < 200 || code > 299) return reject(apiErrorFrom(code, text));
            if (!text) return resolve(undefined as T);
            try {
              resolve(JSON.parse(text) as T);
            } catch (e) {
              reject(e);
            }
          });
        },
      );
      req.setTimeout(this.opts.timeoutMs ?? 30000, () => req.destroy(new RequestTimeoutError(method, path)));
      req.on('error', reject);
      req.end(payload);
    });
  }

  get<T extends KubeObject = KubeObject>(gvr: GVR, namespace: string, name: string): Promise<T> {
    return this.request<T>('GET', resourcePath(gvr, namespace, name));
  }

  list<T extends KubeObject = KubeObject>(gvr: GVR, namespace: string, opts?: ListOptions): Promise<ObjectList<T>> {
    return this.request<ObjectList<T>>('GET', resourcePath(gvr, namespace) + queryString(listQuery(opts)));
  }

  create<T extends KubeObject = KubeObject>(gvr: GVR, namespace: string, obj: T, opts?: WriteOptions): Promise<T> {
    return this.request<T>('POST', resourcePath(gvr, namespace) + queryString(writeQuery(opts)), obj);
  }

  update<T extends KubeObject = KubeObject>(gvr: GVR, namespace: string, obj: T, opts?: WriteOptions & { subresource?: string }): Promise<T> {
    const name = obj.metadata?.name ?? '';
    return this.request<T>('PUT', resourcePath(gvr, namespace, name, opts?.subresource) + queryString(writeQuery(opts)), obj);
  }

  patch<T extends KubeObject = KubeObject>(
    gvr: GVR,
    namespace: string,
    name: string,
    type: 'merge' | 'strategic' | 'json' | 'apply',
    patch: unknown,
    opts?: WriteOptions & { subresource?: string; force?: boolean },
  ): Promise<T> {
    if (type === 'apply' && !opts?.fieldManager) throw new Error('apply patches need opts.fieldManager');
    const path = resourcePath(gvr, namespace, name, opts?.subresource) + queryString(writeQuery(opts));
    return this.request<T>('PATCH', path, typeof patch === 'string' ? patch : JSON.stringify(patch), PATCH_CONTENT_TYPES[type]);
  }

  async delete(
    gvr: GVR,
    namespace: string,
    name: string,
    opts?: { gracePeriodSeconds?: number; propagationPolicy?: string; preconditions?: { uid?: string; resourceVersion?: string } },
  ): Promise<void> {
    const body = opts ? { kind: 'DeleteOptions', apiVersion: 'v1', ...opts } : undefined;
    await this.request('DELETE', resourcePath(gvr, namespace, name), body);
  }

  createSubresource<T = unknown>(gvr: GVR, namespace: string, name: string, subresource: string, body: unknown): Promise<T> {
    return this.request<T>('POST', resourcePath(gvr, namespace, name, subresource), body);
  }

  watch<T extends KubeObject = KubeObject>(
    gvr: GVR,
    namespace: string,
    opts: ListOptions & { allowWatchBookmarks?: boolean; timeoutSeconds?: number },
    onEvent: (ev: WatchEvent<T>) => void,
    onClose: (err?: Error) => void,
  ): WatchHandle {
    const q = { ...listQuery(opts), watch: true, allowWatchBookmarks: opts.allowWatchBookmarks || undefined, timeoutSeconds: opts.timeoutSeconds };
    const path = resourcePath(gvr, namespace) + queryString(q);
    let done = false;
    const finish = (err?: Error): void => {
      if (done) return;
      done = true;
      req.destroy();
      onClose(err);
    };
    const req = http.request(
      { host: this.base.hostname, port: this.base.port, method: 'GET', path, agent: this.watchAgent, headers: { Accept: 'application/json', 'User-Agent': this.opts.userAgent ?? 'skiff-client' } },
      (res) => {
        const code = res.statusCode ?? 0;
        if (code !== 200) {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => finish(apiErrorFrom(code, Buffer.concat(chunks).toString('utf8'))));
          res.on('error', (e) => finish(e));
          return;
        }
        const splitter = new NdjsonSplitter((v) => {
          if (done) return;
          const ev = v as WatchEvent<T>;
          if (ev.type === 'ERROR') return finish(apiErrorFromStatus(ev.object));
          onEvent(ev);
        });
        res.on('data', (c: Buffer) => {
          try {
            splitter.push(c);
          } catch (e) {
            finish(e as Error);
          }
        });
        res.on('end', () => {
          try {
            splitter.end();
          } catch (e) {
            return finish(e as Error);
          }
          finish();
        });
        res.on('error', (e) => finish(e));
        res.on('aborted', () => finish(new Error('watch stream aborted')));
      },
    );
    req.on('error', (e) => finish(e));
    req.end();
    return {
      stop() {
        // A stopped watch reports nothing more.
        done = true;
        req.destroy();
      },
    };
  }
}
