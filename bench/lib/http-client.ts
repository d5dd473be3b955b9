// A minimal keep-alive HTTP client for the load generator (node:http, no dependencies).
import { Agent, request } from 'node:http';

export class BenchHttpError extends Error {
  constructor(
    readonly method: string,
    readonly path: string,
    readonly status: number,
    readonly body: string,
  ) {
    super(`${method} ${path}: HTTP ${status}: ${body.slice(0, 300)}`);
    this.name = 'BenchHttpError';
  }
}

export interface Reply {
  status: number;
  body: Buffer;
  /** Milliseconds from just before the request was written to the last byte of the response. */
  ms: number;
  /** Milliseconds until the response headers arrived (for one-shot bodies: the server's compute time). */
  firstByteMs: number;
}

export interface Target {
  host: string;
  port: number;
}

/** A keep-alive agent with at most `sockets` connections (one per concurrent client). */
export function keepAliveAgent(sockets: number): Agent {
  return new Agent({ keepAlive: true, maxSockets: sockets, maxFreeSockets: sockets });
}

export function send(t: Target, agent: Agent, method: string, path: string, body?: string | Buffer, contentType = 'application/json'): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { Accept: 'application/json', 'User-Agent': 'skiff-bench' };
    if (body !== undefined) {
      headers['Content-Type'] = contentType;
      headers['Content-Length'] = Buffer.byteLength(body);
    }
    const started = performance.now();
    const req = request({ host: t.host, port: t.port, method, path, agent, headers }, (res) => {
      const firstByteMs = performance.now() - started;
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks), ms: performance.now() - started, firstByteMs }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Like send, but a non-2xx answer is an error. */
export async function sendOk(t: Target, agent: Agent, method: string, path: string, body?: string | Buffer, contentType?: string): Promise<Reply> {
  const r = await send(t, agent, method, path, body, contentType);
  if (r.status < 200 || r.status > 299) throw new BenchHttpError(method, path, r.status, r.body.toString());
  return r;
}

export interface LoadResult {
  /** Per-request latencies (ms) of the successful requests. */
  latencies: number[];
  errors: number;
  firstError?: string;
  elapsedMs: number;
}

/**
 * Runs `count` requests with `clients` concurrent closed-loop clients (each
 * sends its next request when the previous one answered). `op(i)` issues
 * request number i.
 */
export async function closedLoop(count: number, clients: number, op: (i: number) => Promise<Reply>): Promise<LoadResult> {
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  let next = 0;
  const started = performance.now();
  const client = async (): Promise<void> => {
    while (next < count) {
      const i = next++;
      try {
        const r = await op(i);
        if (r.status >= 200 && r.status < 300) latencies.push(r.ms);
        else {
          errors++;
          firstError ??= `HTTP ${r.status}: ${r.body.toString().slice(0, 300)}`;
        }
      } catch (e) {
        errors++;
        firstError ??= String(e);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(clients, count) }, client));
  return { latencies, errors, firstError, elapsedMs: performance.now() - started };
}
