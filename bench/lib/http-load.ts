// A closed-loop HTTP load generator that runs in a worker thread (so it never
// shares an event loop with what it measures): `concurrency` clients for
// `seconds`, each sending its next GET when the previous one answered, over
// the given targets in turn. One TCP connection per request unless keepAlive.
import { Agent, request } from 'node:http';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';

export interface LoadSpec {
  targets: Array<{ host: string; port: number; path?: string; hostHeader?: string; localAddress?: string }>;
  concurrency: number;
  seconds: number;
  keepAlive: boolean;
}

export interface LoadOutcome {
  latencies: number[];
  errors: number;
  firstError?: string;
  elapsedMs: number;
}

async function generate(spec: LoadSpec): Promise<LoadOutcome> {
  const agent = new Agent({ keepAlive: spec.keepAlive, maxSockets: spec.concurrency });
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  let n = 0;
  const started = performance.now();
  const end = started + spec.seconds * 1000;
  const one = (): Promise<void> =>
    new Promise((resolve) => {
      const t = spec.targets[n++ % spec.targets.length]!;
      const t0 = performance.now();
      const req = request({ host: t.host, port: t.port, path: t.path ?? '/', agent, localAddress: t.localAddress, headers: t.hostHeader ? { Host: t.hostHeader } : {} }, (res) => {
        res.on('data', () => {});
        res.on('end', () => {
          if (res.statusCode === 200) latencies.push(performance.now() - t0);
          else {
            errors++;
            firstError ??= `HTTP ${res.statusCode}`;
          }
          resolve();
        });
      });
      req.on('error', (e) => {
        errors++;
        firstError ??= e.message;
        resolve();
      });
      req.end();
    });
  await Promise.all(Array.from({ length: spec.concurrency }, async () => {
    while (performance.now() < end) await one();
  }));
  agent.destroy();
  return { latencies, errors, firstError, elapsedMs: performance.now() - started };
}

/** Runs the load in a worker thread and resolves with its outcome. */
export function runLoad(spec: LoadSpec): Promise<LoadOutcome> {
  return new Promise((resolve, reject) => {
    const w = new Worker(new URL(import.meta.url), { workerData: spec });
    w.once('message', (m: LoadOutcome) => resolve(m));
    w.once('error', reject);
  });
}

if (!isMainThread && parentPort && (workerData as LoadSpec | undefined)?.targets) {
  const port = parentPort;
  void generate(workerData as LoadSpec).then((r) => port.postMessage(r));
}
