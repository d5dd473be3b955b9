// Cluster DNS: a ClusterDns on 127.0.0.1 with 1,000 services in its index
// (fed through the fake API and informers, as on a node), loaded over UDP
// by a child process (so the server's process CPU is its own):
//   1. cluster names at a paced 20,000 queries/s: p50/p99 (the latency target);
//   2. cluster names, closed loop with --inflight queries outstanding: the ceiling;
//   3. names that miss the answer cache (unique NXDOMAIN search-path names): the uncached path;
//   4. names outside the cluster, answered from the forward cache (a fake upstream on 127.0.0.1).
// Reported: queries/s, p50/p99 latency, server CPU (% of one core), lost queries.
// Run: npx tsx bench/dns.ts [--seconds=5] [--services=1000] [--rate=20000] [--inflight=256] [--json=FILE]
import { fork, type ChildProcess } from 'node:child_process';
import { createSocket, type Socket } from 'node:dgram';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as dnsPacket from 'dns-packet';
import type { RecordType } from 'dns-packet';
import { FakeResourceClient } from '../src/client/fake.js';
import { InformerFactory } from '../src/controllers/informers.js';
import { clusterIPService, headlessService, namespace, slice } from '../src/dns/fixtures.js';
import { ClusterDns } from '../src/dns/server.js';
import { startFakeUpstream } from '../src/dns/testing.js';
import { ENDPOINTSLICES, NAMESPACES, SERVICES } from '../src/dns/types.js';
import { describeMachine, machineLine } from './lib/machine.js';
import { fmtMs, summarize } from './lib/stats.js';

const args = process.argv.slice(2);
const opt = (name: string): string | undefined => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const log = (msg: string): void => void process.stderr.write(`[bench] ${msg}\n`);

interface LoadSpec {
  port: number;
  names: Array<[string, RecordType]>;
  mode: 'rate' | 'closed';
  rate: number;
  inflight: number;
  warmupSeconds: number;
  seconds: number;
}

interface LoadResult {
  answered: number;
  lost: number;
  elapsedMs: number;
  p50: number;
  p99: number;
  max: number;
}

// ---------------------------------------------------------------- load (child)

async function generate(spec: LoadSpec): Promise<LoadResult> {
  const SOCKETS = 4;
  const wires = spec.names.map(([n, t]) => dnsPacket.encode({ type: 'query', id: 0, flags: dnsPacket.RECURSION_DESIRED, questions: [{ name: n, type: t, class: 'IN' }] }));
  const sentAt = new Float64Array(65536);
  const socks: Socket[] = [];
  let seq = 0;
  let outstanding = 0;
  let measuring = false;
  let answered = 0;
  let lost = 0;
  const lat: number[] = [];
  const send = (): void => {
    // Skip IDs still outstanding (possible only with very many in flight).
    let id = seq & 0xffff;
    for (let i = 0; sentAt[id]! > 0 && i < 65536; i++) id = ++seq & 0xffff;
    const w = Buffer.from(wires[seq % wires.length]!);
    w.writeUInt16BE(id, 0);
    seq++;
    sentAt[id] = performance.now();
    outstanding++;
    socks[id % SOCKETS]!.send(w, spec.port, '127.0.0.1');
  };
  const onMessage = (m: Buffer): void => {
    const id = m.readUInt16BE(0);
    const t = sentAt[id]!;
    if (!t) return;
    sentAt[id] = 0;
    outstanding--;
    if (measuring) {
      answered++;
      lat.push(performance.now() - t);
    }
    if (spec.mode === 'closed') send();
  };
  for (let i = 0; i < SOCKETS; i++) {
    const s = createSocket('udp4');
    s.on('message', onMessage);
    await new Promise<void>((r) => s.bind(0, '127.0.0.1', () => r()));
    s.setRecvBufferSize(4 << 20);
    socks.push(s);
  }
  // Queries unanswered after a second count as lost (closed loop: replaced).
  const reaper = setInterval(() => {
    const now = performance.now();
    for (let id = 0; id < 65536; id++) {
      if (sentAt[id]! > 0 && now - sentAt[id]! > 1000) {
        sentAt[id] = 0;
        outstanding--;
        if (measuring) lost++;
        if (spec.mode === 'closed') send();
      }
    }
  }, 200);
  const start = performance.now();
  let measureStart = start;
  const end = start + (spec.warmupSeconds + spec.seconds) * 1000;
  if (spec.mode === 'closed') for (let i = 0; i < spec.inflight; i++) send();
  let paced = 0;
  await new Promise<void>((resolve) => {
    const tick = (): void => {
      const now = performance.now();
      if (!measuring && now >= start + spec.warmupSeconds * 1000) {
        measuring = true;
        measureStart = now;
        process.send?.({ phase: 'start' });
      }
      if (now >= end) return resolve();
      if (spec.mode === 'rate') {
        const due = Math.floor(((now - start) / 1000) * spec.rate) - paced;
        for (let i = 0; i < Math.min(due, 2000); i++, paced++) send();
      }
      setImmediate(tick);
    };
    tick();
  });
  measuring = false;
  const elapsedMs = performance.now() - measureStart;
  process.send?.({ phase: 'end' });
  clearInterval(reaper);
  for (const s of socks) s.close();
  const s = summarize(lat);
  return { answered, lost, elapsedMs, p50: s.p50, p99: s.p99, max: s.max };
}

// -------------------------------------------------------------- server (parent)

function runLoad(spec: LoadSpec): Promise<{ result: LoadResult; cpuPct: number }> {
  return new Promise((resolve, reject) => {
    const child: ChildProcess = fork(fileURLToPath(import.meta.url), ['--load'], { execArgv: process.execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let cpu0 = process.cpuUsage();
    let t0 = performance.now();
    let cpuPct = NaN;
    child.on('message', (m: { phase?: string; result?: LoadResult }) => {
      if (m.phase === 'start') {
        cpu0 = process.cpuUsage();
        t0 = performance.now();
      } else if (m.phase === 'end') {
        const d = process.cpuUsage(cpu0);
        cpuPct = ((d.user + d.system) / 1000 / (performance.now() - t0)) * 100;
      } else if (m.result) resolve({ result: m.result, cpuPct });
    });
    child.once('error', reject);
    child.once('exit', (code) => code !== 0 && reject(new Error(`load generator exited ${code}`)));
    child.send(spec);
  });
}

async function main(): Promise<void> {
  const seconds = Number(opt('seconds') ?? 5);
  const nServices = Number(opt('services') ?? 1000);
  const rate = Number(opt('rate') ?? 20000);
  const inflight = Number(opt('inflight') ?? 256);
  const machine = describeMachine();
  const client = new FakeResourceClient();
  const namespaces = Array.from({ length: 10 }, (_, i) => `ns${i}`);
  for (const ns of namespaces) await client.create(NAMESPACES, '', namespace(ns));
  const clusterNames: Array<[string, RecordType]> = [];
  for (let i = 0; i < nServices; i++) {
    const ns = namespaces[i % namespaces.length]!;
    const name = `svc-${i}`;
    if (i % 10 === 9) {
      // Every tenth service headless, with 3 endpoints (StatefulSet-style hostnames).
      await client.create(SERVICES, ns, headlessService(ns, name));
      await client.create(ENDPOINTSLICES, ns, slice(ns, name, `${name}-x`, [0, 1, 2].map((k) => ({ ip: `10.42.${(i >> 6) & 255}.${((i & 63) << 2) + k}`, hostname: `${name}-${k}` }))));
      clusterNames.push([`${name}.${ns}.svc.cluster.local`, 'A'], [`${name}-1.${name}.${ns}.svc.cluster.local`, 'A'], [`_http._tcp.${name}.${ns}.svc.cluster.local`, 'SRV']);
    } else {
      await client.create(SERVICES, ns, clusterIPService(ns, name, `10.43.${(i >> 8) & 255}.${i & 255}`));
      clusterNames.push([`${name}.${ns}.svc.cluster.local`, 'A'], [`${name}.${ns}.svc.cluster.local`, 'AAAA']);
    }
  }
  const upstream = await startFakeUpstream((n) => ({ answers: [{ type: 'A', name: n, ttl: 300, class: 'IN', data: '192.0.2.1' }] }));
  const informers = new InformerFactory(client);
  const dns = new ClusterDns({ informers, listen: { host: '127.0.0.1', port: 0 }, upstreams: [`127.0.0.1:${upstream.port}`], log });
  await dns.start();
  await informers.start();
  await dns.waitForSync();
  log(`${dns.stats().services} services indexed; server on 127.0.0.1:${dns.port}`);
  const missNames: Array<[string, RecordType]> = Array.from({ length: 300_000 }, (_, i) => [`web-${i}.ns${i % 10}.svc.cluster.local`, 'A']);
  const externalNames: Array<[string, RecordType]> = Array.from({ length: 1000 }, (_, i) => [`host-${i}.example.org`, 'A']);
  const base = { port: dns.port, warmupSeconds: 1, seconds, rate, inflight };
  const scenarios: Array<{ label: string; spec: LoadSpec }> = [
    { label: `cluster names, paced at ${rate.toLocaleString('en-US')}/s`, spec: { ...base, names: clusterNames, mode: 'rate' } },
    { label: `cluster names, ${inflight} in flight (ceiling)`, spec: { ...base, names: clusterNames, mode: 'closed' } },
    { label: `answer-cache misses (unique NXDOMAIN names), ${inflight} in flight`, spec: { ...base, names: missNames, mode: 'closed' } },
    { label: `forwarded names from the forward cache, ${inflight} in flight`, spec: { ...base, names: externalNames, mode: 'closed' } },
  ];
  const rows: Array<{ label: string; qps: number; p50: number; p99: number; max: number; cpuPct: number; lost: number }> = [];
  for (const s of scenarios) {
    const { result, cpuPct } = await runLoad(s.spec);
    const qps = Math.round((result.answered * 1000) / result.elapsedMs);
    rows.push({ label: s.label, qps, p50: result.p50, p99: result.p99, max: result.max, cpuPct, lost: result.lost });
    log(`${s.label}: ${qps}/s p50 ${fmtMs(result.p50)} ms p99 ${fmtMs(result.p99)} ms, server CPU ${cpuPct.toFixed(0)}%, lost ${result.lost}`);
  }
  const stats = dns.stats();
  await dns.stop();
  informers.stop();
  await upstream.close();
  const n = (x: number): string => x.toLocaleString('en-US');
  let out = `${machineLine(machine)}\n\n${nServices} services (10% headless with 3 endpoints); UDP load from a child process; ${seconds} s per row after 1 s warm-up\n\n`;
  out += '| load | queries/s | p50 ms | p99 ms | max ms | server CPU (% of one core) | lost |\n|---|---|---|---|---|---|---|\n';
  for (const r of rows) out += `| ${r.label} | ${n(r.qps)} | ${fmtMs(r.p50)} | ${fmtMs(r.p99)} | ${fmtMs(r.max)} | ${r.cpuPct.toFixed(0)}% | ${n(r.lost)} |\n`;
  const paced = rows[0]!;
  const ok = paced.qps >= rate * 0.98 && paced.p99 <= 2;
  out += `\ntarget: ≥ 20,000 queries/s with p99 ≤ 2 ms for cluster names: ${ok ? 'met' : 'NOT met'}; upstream questions: ${upstream.seen.length} (forward cache hits ${n(stats.forwardCache.hits)}); answer cache hits ${n(stats.answerCache.hits)}, misses ${n(stats.answerCache.misses)}\n`;
  process.stdout.write(out);
  const json = opt('json');
  if (json) writeFileSync(json, JSON.stringify({ machine, nServices, seconds, rate, inflight, rows, stats }, null, 2));
}

if (args.includes('--load')) {
  process.once('message', (spec: LoadSpec) => {
    void generate(spec).then((result) => {
      process.send?.({ result }, () => process.exit(0));
    });
  });
} else {
  main().then(
    () => process.exit(0),
    (e: unknown) => {
      log(`failed: ${(e as Error).stack ?? String(e)}`);
      process.exit(1);
    },
  );
}
