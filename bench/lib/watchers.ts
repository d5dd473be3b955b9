// Watch fan-out: opens many watch streams on a collection, then times how long
// each write takes to reach every watcher.
import { Agent, request, type ClientRequest } from 'node:http';
import type { Target } from './http-client.js';

export class WatchOpenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WatchOpenError';
  }
}

/** Marks the objects whose events are timed; the number after it is the probe index. */
export const PROBE_PREFIX = 'wprobe-';
const MARK = `"name":"${PROBE_PREFIX}`;

export interface WatcherSet {
  readonly size: number;
  /** Milliseconds spent opening all streams (until every one answered 200). */
  readonly openMs: number;
  /** Resolves when every watcher has seen probe `i` (or after timeoutMs); returns the arrival times. */
  arrivals(i: number, timeoutMs: number): Promise<number[]>;
  close(): void;
}

interface Watcher {
  req: ClientRequest;
  /** Arrival time (performance.now()) per probe index. */
  seen: Map<number, number>;
}

function openOne(t: Target, agent: Agent, path: string, onProbe: (w: Watcher, i: number, at: number) => void): Promise<Watcher> {
  return new Promise((resolve, reject) => {
    const req = request({ host: t.host, port: t.port, path, agent, headers: { Accept: 'application/json' } }, (res) => {
      if (res.statusCode !== 200) {
        reject(new WatchOpenError(`watch ${path}: HTTP ${res.statusCode}`));
        res.resume();
        return;
      }
      let buf = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        const at = performance.now();
        buf += chunk;
        let nl: number;
        while ((nl = buf.indexOf('\n')) >= 0) {
          const line = buf.slice(0, nl);
          buf = buf.slice(nl + 1);
          const m = line.indexOf(MARK);
          if (m >= 0) onProbe(w, parseInt(line.slice(m + MARK.length, m + MARK.length + 12), 10), at);
        }
      });
      res.on('error', () => {});
      resolve(w);
    });
    const w: Watcher = { req, seen: new Map() };
    req.on('error', (e) => reject(e));
    req.end();
  });
}

/** Opens `count` watches of `collectionPath` from `resourceVersion`, `batch` at a time. */
export async function openWatchers(t: Target, collectionPath: string, resourceVersion: string, count: number, batch = 100): Promise<WatcherSet> {
  const agent = new Agent({ keepAlive: false, maxSockets: Infinity });
  const path = `${collectionPath}?watch=1&resourceVersion=${encodeURIComponent(resourceVersion)}&allowWatchBookmarks=false`;
  const waiting = new Map<number, { need: number; done: () => void }>();
  const onProbe = (w: Watcher, i: number, at: number): void => {
    if (w.seen.has(i)) return;
    w.seen.set(i, at);
    const wait = waiting.get(i);
    if (wait && --wait.need === 0) wait.done();
  };
  const watchers: Watcher[] = [];
  const started = performance.now();
  try {
    for (let i = 0; i < count; i += batch) {
      const n = Math.min(batch, count - i);
      watchers.push(...(await Promise.all(Array.from({ length: n }, () => openOne(t, agent, path, onProbe)))));
    }
  } catch (e) {
    for (const w of watchers) w.req.destroy();
    agent.destroy();
    throw e;
  }
  const openMs = performance.now() - started;
  return {
    size: watchers.length,
    openMs,
    async arrivals(i, timeoutMs) {
      const need = watchers.filter((w) => !w.seen.has(i)).length;
      if (need > 0) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, timeoutMs);
          waiting.set(i, { need, done: () => (clearTimeout(timer), resolve()) });
        });
        waiting.delete(i);
      }
      return watchers.flatMap((w) => (w.seen.has(i) ? [w.seen.get(i)!] : []));
    },
    close() {
      for (const w of watchers) w.req.destroy();
      agent.destroy();
    },
  };
}
