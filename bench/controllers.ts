// Controller throughput on simulated nodes (KWOK-style, no containers): the
// time from creating a Deployment of N replicas to all N pods Running (twice:
// on a cold process, then on the same process warmed up by the first), on
// `skiff up` (API server, scheduler and controller manager in one process, as
// `skiff up` runs them) with `skiff agent --simulate M` beside it, then the
// controller manager's RSS holding 10,000 pods when it runs as its own process
// (`skiff controller-manager`). Bounded; removes what it made.
// Run: node dist/bench/controllers.js [--replicas=1000] [--nodes=100] [--rss-pods=10000] [--no-rss] [--no-throughput] [--json=FILE] [--cpu-prof-dir=DIR] [--cm-heap-snapshot=DIR] [--node-flags='…'] [--server-log=FILE]
import { spawn } from 'node:child_process';
import { readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { keepAliveAgent, sendOk, type Target } from './lib/http-client.js';
import { describeMachine, machineLine } from './lib/machine.js';
import { PodWatch } from './lib/pod-watch.js';
import { processMemory, startSkiff, type SkiffChild } from './lib/skiff-process.js';
import { fmtMs, rate } from './lib/stats.js';
import { cpuTimes, threadCpuDelta, threadCpuMs } from './lib/pods-host.js';
import { skiffSpawn } from '../src/cli/node-flags.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const BIN = join(ROOT, 'bin', 'skiff');
const args = process.argv.slice(2);
const opt = (name: string): string | undefined => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const replicas = Number(opt('replicas') ?? 1000);
const nodes = Number(opt('nodes') ?? 100);
const rssPods = Number(opt('rss-pods') ?? 10000);
const profDir = opt('cpu-prof-dir');
/** More node flags for `skiff up` (experiments: --trace-gc, --single-threaded-gc…); its output then goes to --server-log=FILE. */
const nodeFlags = opt('node-flags')?.split(' ').filter(Boolean);
const serverLog = opt('server-log');
const log = (msg: string): void => void process.stderr.write(`[bench] ${msg}\n`);
const NS = 'bench';
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function deployment(name: string, n: number): string {
  return JSON.stringify({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: NS },
    spec: {
      replicas: n,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image: 'busybox:bench', resources: { requests: { cpu: '10m', memory: '16Mi' } } }] } },
    },
  });
}

async function readyNodes(t: Target, agent: ReturnType<typeof keepAliveAgent>): Promise<number> {
  const r = await sendOk(t, agent, 'GET', '/api/v1/nodes');
  const list = JSON.parse(r.body.toString()) as { items: Array<{ status?: { conditions?: Array<{ type: string; status: string }> } }> };
  return list.items.filter((n) => n.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')).length;
}

/** Creates the Deployment and waits for `n` of its pods to be Running; returns ms from create to the last Running. */
async function rollOut(t: Target, name: string, n: number, timeoutMs: number): Promise<{ totalMs: number; firstMs: number }> {
  const agent = keepAliveAgent(4);
  const list = await sendOk(t, agent, 'GET', `/api/v1/namespaces/${NS}/pods?limit=1`);
  const rv = (JSON.parse(list.body.toString()) as { metadata: { resourceVersion: string } }).metadata.resourceVersion;
  const watch = await PodWatch.open(t, `/api/v1/namespaces/${NS}/pods`, rv);
  const running = (): number => [...watch.times.values()].filter((x) => x.runningAt !== undefined).length;
  const t0 = performance.now();
  await sendOk(t, agent, 'POST', `/apis/apps/v1/namespaces/${NS}/deployments`, deployment(name, n));
  try {
    await watch.until(`${n} pods Running`, () => running() >= n, timeoutMs);
  } finally {
    watch.close();
    agent.destroy();
  }
  const times = [...watch.times.values()];
  const last = (f: (x: (typeof times)[number]) => number | undefined): number => Math.max(...times.map(f).filter((x): x is number => x !== undefined)) - t0;
  log(`${name}: last pod created after ${fmtMs(last((x) => x.seenAt))} ms, last bound after ${fmtMs(last((x) => x.boundAt))} ms, last Running after ${fmtMs(last((x) => x.runningAt))} ms`);
  const at = times.map((x) => x.runningAt).filter((x): x is number => x !== undefined).sort((a, b) => a - b);
  return { totalMs: at[n - 1]! - t0, firstMs: at[0]! - t0 };
}

/**
 * `skiff up` with the scheduler (and the controller manager unless told not
 * to) plus `skiff agent --simulate N` in its own process, as KWOK runs beside
 * a cluster: the simulated kubelets are the benchmark's harness, not the
 * system under test.
 */
async function startCluster(o: { controllers: boolean; nodes: number }): Promise<{ skiff: SkiffChild; simPid: number; t: Target; stop(): Promise<void> }> {
  const skiff = await startSkiff({ bin: BIN, controllers: o.controllers, scheduler: true, timeoutMs: 120_000, cpuProfDir: profDir, nodeFlags, logFile: serverLog });
  const t: Target = { host: skiff.host, port: skiff.port };
  const sim = spawn(BIN, ['agent', '--server', `http://${t.host}:${t.port}`, '--simulate', String(o.nodes)], { stdio: ['ignore', 'ignore', 'pipe'] });
  let simErr = '';
  sim.stderr.on('data', (d: Buffer) => (simErr = (simErr + d.toString()).slice(-4000)));
  const stop = async (): Promise<void> => {
    if (sim.exitCode === null) {
      sim.kill('SIGTERM');
      await new Promise((r) => sim.once('exit', r));
    }
    await skiff.stop();
  };
  try {
    const agent = keepAliveAgent(2);
    const end = Date.now() + 60_000;
    while ((await readyNodes(t, agent)) < o.nodes) {
      if (Date.now() > end || sim.exitCode !== null) throw new Error(`simulated nodes did not become Ready:\n${simErr}`);
      await sleep(200);
    }
    await sendOk(t, agent, 'POST', '/api/v1/namespaces', JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } }));
    agent.destroy();
  } catch (e) {
    await stop();
    throw e;
  }
  return { skiff, simPid: sim.pid!, t, stop };
}

interface Rollout {
  totalMs: number;
  firstMs: number;
  podsPerSec: number;
  /** CPU used meanwhile, ms: skiff's main thread (the API server), its busiest other thread (the scheduler and controller manager's worker), its other threads (mostly V8's: GC helpers, optimizing compiler), the simulated nodes, this benchmark. */
  cpu: { skiffMain: number; skiffWorker: number; skiffOtherThreads: number; simulatedNodes: number; benchmark: number };
}

/** One Deployment rolled out on the cluster, with the CPU every process used meanwhile. */
async function measuredRollout(skiff: SkiffChild, simPid: number, t: Target, name: string): Promise<Rollout> {
  const before = { skiff: threadCpuMs(skiff.pid), sim: cpuTimes(simPid).selfMs, bench: process.cpuUsage() };
  const r = await rollOut(t, name, replicas, 300_000);
  const threads = threadCpuDelta(before.skiff, threadCpuMs(skiff.pid));
  const others = threads.filter((x) => x.tid !== skiff.pid);
  const bench = process.cpuUsage(before.bench);
  const cpu = {
    skiffMain: threads.find((x) => x.tid === skiff.pid)?.ms ?? 0,
    skiffWorker: others[0]?.ms ?? 0,
    skiffOtherThreads: others.slice(1).reduce((sum, x) => sum + x.ms, 0),
    simulatedNodes: cpuTimes(simPid).selfMs - before.sim,
    benchmark: (bench.user + bench.system) / 1000,
  };
  const podsPerSec = rate(replicas, r.totalMs);
  log(`${name}: ${replicas} pods Running in ${fmtMs(r.totalMs)} ms (${podsPerSec.toFixed(0)} pods/s; first after ${fmtMs(r.firstMs)} ms)`);
  log(`${name}: CPU meanwhile: skiff main thread ${fmtMs(cpu.skiffMain)} ms, its worker ${fmtMs(cpu.skiffWorker)} ms, its other threads ${fmtMs(cpu.skiffOtherThreads)} ms; simulated nodes ${fmtMs(cpu.simulatedNodes)} ms; benchmark ${fmtMs(cpu.benchmark)} ms`);
  return { ...r, podsPerSec, cpu };
}

/**
 * Two Deployments of `replicas` on a fresh cluster, one after the other: the
 * first meets a cold process (V8 still compiling the hot paths, on threads of
 * its own), the second the same process warmed up, with the first one's pods
 * still there.
 */
async function throughput(): Promise<{ replicas: number; nodes: number; cold: Rollout; warm: Rollout; skiffRssMb: number }> {
  log(`throughput: Deployments of ${replicas} on ${nodes} simulated nodes (skiff up; simulated nodes in their own process)`);
  const { skiff, simPid, t, stop } = await startCluster({ controllers: true, nodes });
  try {
    await sleep(1000);
    const cold = await measuredRollout(skiff, simPid, t, 'cold');
    await sleep(3000);
    const warm = await measuredRollout(skiff, simPid, t, 'warm');
    return { replicas, nodes, cold, warm, skiffRssMb: processMemory(skiff.pid).rssMb };
  } finally {
    await stop();
  }
}

/** Asks a process started with --heapsnapshot-signal=SIGUSR2 for a heap snapshot and waits until it is written. */
async function heapSnapshot(pid: number, dir: string): Promise<void> {
  const before = new Set(readdirSync(dir));
  process.kill(pid, 'SIGUSR2');
  const end = Date.now() + 120_000;
  let last = -1;
  while (Date.now() < end) {
    await sleep(1000);
    const file = readdirSync(dir).find((f) => f.endsWith('.heapsnapshot') && !before.has(f));
    if (!file) continue;
    const size = statSync(join(dir, file)).size;
    if (size > 0 && size === last) {
      log(`controller manager heap snapshot: ${join(dir, file)}`);
      return;
    }
    last = size;
  }
  log('controller manager heap snapshot: not written within 120 s');
}

async function controllerManagerRss(): Promise<Record<string, number>> {
  const rssNodes = Math.max(nodes, Math.ceil(rssPods / 100));
  log(`controller manager RSS: ${rssPods} pods on ${rssNodes} simulated nodes, controller manager in its own process`);
  const { t, stop } = await startCluster({ controllers: false, nodes: rssNodes });
  const snapDir = opt('cm-heap-snapshot');
  const snapFlags = snapDir ? ['--heapsnapshot-signal=SIGUSR2'] : [];
  const s = skiffSpawn(BIN, ['controller-manager', '--server', `http://${t.host}:${t.port}`], snapFlags);
  const cm = spawn(s.file, s.args, {
    env: s.env,
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(snapDir ? { cwd: snapDir } : {}),
  });
  let out = '';
  cm.stdout.on('data', (d: Buffer) => (out += d.toString()));
  cm.stderr.on('data', (d: Buffer) => (out = (out + d.toString()).slice(-8000)));
  try {
    const end = Date.now() + 60_000;
    while (!/controller manager is up/.test(out)) {
      if (Date.now() > end || cm.exitCode !== null) throw new Error(`controller manager did not start:\n${out}`);
      await sleep(100);
    }
    const idle = processMemory(cm.pid!);
    const r = await rollOut(t, 'rss', rssPods, 600_000);
    await sleep(5000);
    const full = processMemory(cm.pid!);
    if (snapDir) await heapSnapshot(cm.pid!, snapDir);
    return { pods: rssPods, nodes: rssNodes, totalMs: r.totalMs, podsPerSec: rate(rssPods, r.totalMs), cmIdleRssMb: idle.rssMb, cmRssMb: full.rssMb, cmPeakRssMb: full.hwmMb };
  } finally {
    cm.kill('SIGTERM');
    await new Promise((r) => (cm.exitCode !== null ? r(null) : cm.once('exit', r)));
    await stop();
  }
}

async function main(): Promise<void> {
  const machine = describeMachine();
  const results: Record<string, unknown> = { machine };
  if (!args.includes('--no-throughput')) {
    results.throughput = await throughput();
  }
  if (!args.includes('--no-rss')) {
    const rss = await controllerManagerRss();
    results.controllerManager = rss;
    log(`controller manager: RSS ${rss.cmRssMb!.toFixed(0)} MB with ${rssPods} pods (idle ${rss.cmIdleRssMb!.toFixed(0)} MB, peak ${rss.cmPeakRssMb!.toFixed(0)} MB)`);
  }
  process.stdout.write(`${machineLine(machine)}\n${JSON.stringify(results, null, 2)}\n`);
  const json = opt('json');
  if (json) writeFileSync(json, JSON.stringify(results, null, 2));
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    log(`failed: ${(e as Error).stack ?? String(e)}`);
    process.exit(1);
  },
);
