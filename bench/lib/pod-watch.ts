// Follows one watch on a namespace's pods and records, per pod name, when the
// benchmark first saw it bound to a node, Running, and deleted.
import { Agent, request, type ClientRequest } from 'node:http';
import { NdjsonSplitter } from '../../src/client/ndjson.js';
import type { Target } from './http-client.js';

export class PodWatchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PodWatchError';
  }
}

export interface PodTimes {
  /** performance.now() of the first event for the pod (its creation, as the watch saw it). */
  seenAt?: number;
  /** performance.now() of the first event with spec.nodeName set. */
  boundAt?: number;
  /** First event with a status the agent wrote (a podIP or container statuses). */
  agentStatusAt?: number;
  /** First event with status.phase Running. */
  runningAt?: number;
  deletedAt?: number;
}

interface PodObject {
  metadata?: { name?: string };
  spec?: { nodeName?: string };
  status?: { phase?: string; podIP?: string; containerStatuses?: unknown[] };
}

/** Applies one watch event (arriving at `at`) to the per-pod times. */
export function recordEvent(times: Map<string, PodTimes>, type: string, pod: PodObject, at: number): void {
  const name = pod.metadata?.name;
  if (!name) return;
  let t = times.get(name);
  if (!t) times.set(name, (t = {}));
  t.seenAt ??= at;
  if (type === 'DELETED') {
    t.deletedAt ??= at;
    return;
  }
  if (pod.spec?.nodeName) t.boundAt ??= at;
  if (pod.status?.podIP || pod.status?.containerStatuses?.length) t.agentStatusAt ??= at;
  if (pod.status?.phase === 'Running') t.runningAt ??= at;
}

export class PodWatch {
  readonly times = new Map<string, PodTimes>();
  private req?: ClientRequest;
  private readonly agent = new Agent({ keepAlive: false });
  private waiters = new Set<() => void>();
  private failure?: Error;

  private constructor(private readonly t: Target, private readonly path: string) {}

  /** Opens `GET <podsPath>?watch=1&resourceVersion=<rv>`; resolves once the server answered 200. */
  static async open(t: Target, podsPath: string, resourceVersion: string): Promise<PodWatch> {
    const w = new PodWatch(t, `${podsPath}?watch=1&resourceVersion=${encodeURIComponent(resourceVersion)}&allowWatchBookmarks=false`);
    await w.start();
    return w;
  }

  private start(): Promise<void> {
    return new Promise((resolve, reject) => {
      const req = request({ host: this.t.host, port: this.t.port, path: this.path, agent: this.agent, headers: { Accept: 'application/json' } }, (res) => {
        if (res.statusCode !== 200) {
          res.resume();
          reject(new PodWatchError(`watch ${this.path}: HTTP ${res.statusCode}`));
          return;
        }
        type Ev = { type: string; object: PodObject & { code?: number; message?: string } };
        let at = 0;
        const lines = new NdjsonSplitter((v) => {
          const ev = v as Ev;
          if (ev.type === 'ERROR') this.fail(new PodWatchError(`watch error: ${ev.object.message ?? JSON.stringify(ev.object)}`));
          else recordEvent(this.times, ev.type, ev.object, at);
        });
        res.on('data', (chunk: Buffer) => {
          at = performance.now();
          lines.push(chunk);
          this.wake();
        });
        res.on('end', () => this.fail(new PodWatchError('the watch ended')));
        res.on('error', (e) => this.fail(e));
        resolve();
      });
      req.on('error', (e) => {
        reject(e);
        this.fail(e);
      });
      req.end();
      this.req = req;
    });
  }

  private fail(e: Error): void {
    this.failure ??= e;
    this.wake();
  }

  private wake(): void {
    for (const w of [...this.waiters]) w();
  }

  /** Resolves when `done()` holds (checked after every batch of events); rejects after timeoutMs or if the watch broke. */
  until(what: string, done: () => boolean, timeoutMs: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = (): void => {
        if (done()) finish();
        else if (this.failure) finish(this.failure);
      };
      const finish = (e?: Error): void => {
        clearTimeout(timer);
        this.waiters.delete(check);
        if (e) reject(e);
        else resolve();
      };
      const timer = setTimeout(() => finish(new PodWatchError(`timed out after ${timeoutMs} ms waiting for ${what}`)), timeoutMs);
      this.waiters.add(check);
      check();
    });
  }

  close(): void {
    this.req?.destroy();
    this.agent.destroy();
  }
}
