// The ingress gateway's proxy overhead on loopback: a backend HTTP server in
// its own worker thread (keep-alive, a 13-byte answer), the ingress
// controller in the main thread (fed an Ingress, Service and EndpointSlice
// through an in-memory API; request log lines formatted, not printed), and a
// closed-loop load generator in another worker thread with keep-alive
// connections. Alternates direct-to-backend, a raw TCP relay (no HTTP
// parsing: the ceiling for any user-space proxy on the machine) and
// through-the-ingress runs; reports requests/s and p50/p99 of each (medians
// over rounds).
// Run: node dist/bench/ingress.js [--seconds=5] [--rounds=3] [--concurrency=50] [--json=FILE]
//  or: npx tsx bench/ingress.ts (workers then load tsx themselves)
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { type AddressInfo, connect, createServer as createTcpServer, type Server as TcpServer } from 'node:net';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { FakeResourceClient } from '../src/client/fake.js';
import { InformerFactory } from '../src/controllers/informers.js';
import { IngressController } from '../src/ingress/index.js';
import { ENDPOINTSLICES, INGRESSES, SERVICES } from '../src/ingress/types.js';
import type { LoadOutcome, LoadSpec } from './lib/http-load.js';
import { describeMachine, machineLine } from './lib/machine.js';
import { fmtMs, rate, summarize } from './lib/stats.js';

const ROLE = 'skiff-bench-ingress-backend';
const EXT = import.meta.url.endsWith('.ts') ? '.ts' : '.js';

/** A worker thread running `url`; under tsx (a .ts file) it registers tsx's loader first. */
function startWorker(url: URL, data: unknown): Worker {
  if (EXT === '.js') return new Worker(url, { workerData: data });
  const boot = `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(url.href)}); })`;
  return new Worker(boot, { eval: true, workerData: data });
}

/** bench/lib/http-load's closed-loop generator in its own worker thread. */
function runLoad(spec: LoadSpec): Promise<LoadOutcome> {
  return new Promise((resolve, reject) => {
    const w = startWorker(new URL(`./lib/http-load${EXT}`, import.meta.url), spec);
    w.once('message', (m: LoadOutcome) => {
      resolve(m);
      void w.terminate();
    });
    w.once('error', reject);
  });
}

function backendWorker(): void {
  const body = Buffer.from('hello world\n');
  const server = createServer({ keepAliveTimeout: 30_000 }, (_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Length': body.length });
    res.end(body);
  });
  server.listen(0, '127.0.0.1', () => parentPort!.postMessage((server.address() as AddressInfo).port));
}

if (!isMainThread && (workerData as { role?: string } | undefined)?.role === ROLE) backendWorker();
else if (isMainThread) {
  const args = process.argv.slice(2);
  const opt = (name: string): string | undefined => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  const seconds = Number(opt('seconds') ?? 5);
  const rounds = Number(opt('rounds') ?? 3);
  const concurrency = Number(opt('concurrency') ?? 50);
  const log = (msg: string): void => void process.stderr.write(`[bench] ${msg}\n`);

  interface Measured { rps: number; p50: number; p99: number; errors: number }
  const measure = async (spec: LoadSpec): Promise<Measured> => {
    const r = await runLoad(spec);
    if (r.errors) log(`${r.errors} errors (first: ${r.firstError})`);
    const s = summarize(r.latencies);
    return { rps: rate(r.latencies.length, r.elapsedMs), p50: s.p50, p99: s.p99, errors: r.errors };
  };
  const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

  /** A byte relay from each client connection to the backend: what a proxy costs with no HTTP work at all. */
  const startRelay = async (port: number): Promise<TcpServer> => {
    const relay = createTcpServer((c) => {
      const u = connect(port, '127.0.0.1');
      c.pipe(u);
      u.pipe(c);
      c.on('error', () => u.destroy());
      u.on('error', () => c.destroy());
    });
    await new Promise<void>((r) => relay.listen(0, '127.0.0.1', r));
    return relay;
  };

  const main = async (): Promise<void> => {
    const machine = describeMachine();
    const backend = startWorker(new URL(import.meta.url), { role: ROLE });
    const backendPort = await new Promise<number>((resolve, reject) => {
      backend.once('message', resolve);
      backend.once('error', reject);
    });
    const client = new FakeResourceClient();
    const informers = new InformerFactory(client);
    let logLines = 0;
    const ctl = new IngressController({
      informers,
      client,
      nodeAddresses: () => ['127.0.0.1'],
      httpPort: 0,
      httpsPort: 0,
      bindAddress: '127.0.0.1',
      log: (l) => log(l),
      accessLog: () => void logLines++,
    });
    try {
      await ctl.start();
      await informers.start();
      await client.create(SERVICES, 'default', { metadata: { name: 'echo', namespace: 'default' }, spec: { ports: [{ name: 'http', port: 80 }] } });
      await client.create(ENDPOINTSLICES, 'default', {
        metadata: { name: 'echo-1', namespace: 'default', labels: { 'kubernetes.io/service-name': 'echo' } },
        addressType: 'IPv4',
        endpoints: [{ addresses: ['127.0.0.1'], conditions: { ready: true } }],
        ports: [{ name: 'http', port: backendPort, protocol: 'TCP' }],
      });
      await client.create(INGRESSES, 'default', {
        metadata: { name: 'echo', namespace: 'default' },
        spec: { rules: [{ host: 'echo.bench', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'echo', port: { name: 'http' } } } }] } }] },
      });
      await new Promise((r) => setTimeout(r, 200));
      const direct: LoadSpec = { targets: [{ host: '127.0.0.1', port: backendPort, hostHeader: 'echo.bench' }], concurrency, seconds, keepAlive: true };
      const relay = await startRelay(backendPort);
      const raw: LoadSpec = { targets: [{ host: '127.0.0.1', port: (relay.address() as AddressInfo).port, hostHeader: 'echo.bench' }], concurrency, seconds, keepAlive: true };
      const via: LoadSpec = { targets: [{ host: '127.0.0.1', port: ctl.httpPort, hostHeader: 'echo.bench' }], concurrency, seconds, keepAlive: true };
      await measure({ ...direct, seconds: 1 });
      await measure({ ...raw, seconds: 1 });
      await measure({ ...via, seconds: 1 });
      const d: Measured[] = [];
      const w: Measured[] = [];
      const v: Measured[] = [];
      for (let i = 0; i < rounds; i++) {
        d.push(await measure(direct));
        w.push(await measure(raw));
        v.push(await measure(via));
        log(`round ${i + 1}: direct ${d[i]!.rps}/s p99 ${fmtMs(d[i]!.p99)} ms; TCP relay ${w[i]!.rps}/s; ingress ${v[i]!.rps}/s p99 ${fmtMs(v[i]!.p99)} ms`);
      }
      relay.close();
      const pick = (xs: Measured[]) => ({ rps: median(xs.map((x) => x.rps)), p50: median(xs.map((x) => x.p50)), p99: median(xs.map((x) => x.p99)) });
      const result = { machine, seconds, rounds, concurrency, direct: pick(d), tcpRelay: pick(w), ingress: pick(v), errors: [...d, ...w, ...v].reduce((a, x) => a + x.errors, 0), logLines };
      const ratio = result.ingress.rps / result.direct.rps;
      process.stdout.write(
        `${machineLine(machine)}\n\n` +
          `| path | requests/s | p50 ms | p99 ms |\n|---|---|---|---|\n` +
          `| direct to the backend | ${result.direct.rps} | ${fmtMs(result.direct.p50)} | ${fmtMs(result.direct.p99)} |\n` +
          `| raw TCP relay (no HTTP parsing; ceiling for a user-space proxy) | ${result.tcpRelay.rps} | ${fmtMs(result.tcpRelay.p50)} | ${fmtMs(result.tcpRelay.p99)} |\n` +
          `| through the ingress | ${result.ingress.rps} | ${fmtMs(result.ingress.p50)} | ${fmtMs(result.ingress.p99)} |\n\n` +
          `ingress throughput: ${(ratio * 100).toFixed(1)}% of direct (target ≥ 70%), ${((result.ingress.rps / result.tcpRelay.rps) * 100).toFixed(1)}% of the raw TCP relay; medians of ${rounds} round(s) of ${seconds} s, ${concurrency} keep-alive clients; ` +
          `load generator and backend each in a worker thread, the ingress in the main thread; ${result.errors} errors\n`,
      );
      const json = opt('json');
      if (json) writeFileSync(json, JSON.stringify({ ...result, ratio }, null, 2));
    } finally {
      await ctl.stop();
      informers.stop();
      await backend.terminate();
    }
  };

  main().then(
    () => process.exit(0),
    (e: unknown) => {
      log(`failed: ${(e as Error).stack ?? String(e)}`);
      process.exit(1);
    },
  );
}
