// One benchmark run against one skiff server: creates, gets, a full LIST,
// watch fan-out and memory, with sizes from a Plan.
import type { Agent } from 'node:http';
import { closedLoop, keepAliveAgent, send, sendOk, type LoadResult, type Target } from './http-client.js';
import { CREATE_QUERY, podManifest } from './pod.js';
import type { HeapUsage } from './inspector.js';
import { processMemory, type Memory } from './skiff-process.js';
import { rate, summarize, type Summary } from './stats.js';
import { openWatchers, PROBE_PREFIX } from './watchers.js';

export interface Plan {
  warmup: number;
  createsOne: number;
  createsMany: number;
  clients: number;
  getsOne: number;
  getsMany: number;
  listRepeats: number;
  watchers: number;
  probes: number;
}

/** Hooks into the processes under test. */
export interface Probes {
  /** The server's pid, for VmRSS. */
  pid: number;
  /** Another process whose memory is reported (etcd). */
  companionPid?: number;
  /** Runs a full GC in the server and returns its heap. */
  gc?: () => Promise<HeapUsage>;
}

export const FULL: Plan = { warmup: 200, createsOne: 2000, createsMany: 7800, clients: 50, getsOne: 2000, getsMany: 10000, listRepeats: 5, watchers: 1000, probes: 50 };
export const QUICK: Plan = { warmup: 50, createsOne: 300, createsMany: 650, clients: 50, getsOne: 300, getsMany: 1000, listRepeats: 3, watchers: 100, probes: 10 };

export interface Load {
  perSec: number;
  latency: Summary;
  errors: number;
  firstError?: string;
}

export interface Results {
  pods: number;
  podBytes: number;
  idle: Memory;
  /** Idle memory and live JS heap after a full GC. */
  idleGc?: Memory & HeapUsage;
  createOne: Load;
  createMany: Load;
  getOne: Load;
  getMany: Load;
  /** Time to the last byte of a LIST of every pod in the namespace. */
  list: Summary;
  /** Time to the LIST's response headers (the server sends headers and body together). */
  listFirstByte: Summary;
  listMb: number;
  withPods: Memory;
  /** Memory and live JS heap after a full garbage collection (when the server runs with the inspector). */
  afterGc?: Memory & HeapUsage;
  /** Memory of another process (etcd) while the server holds all pods. */
  companionWithPods?: Memory;
  watch: { watchers: number; openMs: number; delivery: Summary; afterAck: Summary; ack: Summary; missing: number };
  withWatchers: Memory;
  /** After the watches closed and a full GC. */
  afterWatchersGc?: Memory & HeapUsage;
}

export const NS = 'bench';
const podsPath = `/api/v1/namespaces/${NS}/pods`;
const podName = (i: number): string => `pod-${String(i).padStart(5, '0')}`;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function load(r: LoadResult): Load {
  return { perSec: rate(r.latencies.length, r.elapsedMs), latency: summarize(r.latencies), errors: r.errors, firstError: r.firstError };
}

function creates(t: Target, agent: Agent, from: number, count: number, clients: number): Promise<LoadResult> {
  return closedLoop(count, clients, (i) => send(t, agent, 'POST', podsPath + CREATE_QUERY, podManifest(podName(from + i), NS)));
}

function gets(t: Target, agent: Agent, pods: number, count: number, clients: number): Promise<LoadResult> {
  return closedLoop(count, clients, (i) => send(t, agent, 'GET', `${podsPath}/${podName((i * 7919) % pods)}`));
}

export async function runScenario(t: Target, probes: Probes, plan: Plan, progress: (msg: string) => void): Promise<Results> {
  const { pid, companionPid } = probes;
  const one = keepAliveAgent(1);
  const many = keepAliveAgent(plan.clients);
  try {
    await sendOk(t, one, 'POST', '/api/v1/namespaces', JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } }));
    await sleep(1000);
    const idle = processMemory(pid);
    const idleGc = probes.gc ? { ...(await probes.gc()), ...processMemory(pid) } : undefined;
    progress(`warm-up: ${plan.warmup} creates`);
    const warm = await creates(t, many, 0, plan.warmup, 10);
    if (warm.errors) throw new Error(`warm-up creates failed: ${warm.firstError}`);
    let next = plan.warmup;
    progress(`creates, 1 client: ${plan.createsOne}`);
    const createOne = load(await creates(t, one, next, plan.createsOne, 1));
    next += plan.createsOne;
    progress(`creates, ${plan.clients} clients: ${plan.createsMany}`);
    const createMany = load(await creates(t, many, next, plan.createsMany, plan.clients));
    next += plan.createsMany;
    const pods = next;
    progress(`gets, 1 client: ${plan.getsOne}; ${plan.clients} clients: ${plan.getsMany}`);
    const getOne = load(await gets(t, one, pods, plan.getsOne, 1));
    const getMany = load(await gets(t, many, pods, plan.getsMany, plan.clients));
    await sleep(500);
    const withPods = processMemory(pid);
    const companionWithPods = companionPid ? processMemory(companionPid) : undefined;
    let afterGc: (Memory & HeapUsage) | undefined;
    if (probes.gc) {
      progress('full GC in the server');
      afterGc = { ...(await probes.gc()), ...processMemory(pid) };
    }

    progress(`LIST of ${pods} pods x${plan.listRepeats} (after one untimed)`);
    let last = await sendOk(t, one, 'GET', podsPath);
    const listMs: number[] = [];
    const listFirst: number[] = [];
    for (let i = 0; i < plan.listRepeats; i++) {
      last = await sendOk(t, one, 'GET', podsPath);
      listMs.push(last.ms);
      listFirst.push(last.firstByteMs);
    }
    const listed = JSON.parse(last.body.toString()) as { metadata: { resourceVersion: string }; items: unknown[] };
    if (listed.items.length !== pods - createOne.errors - createMany.errors) throw new Error(`LIST returned ${listed.items.length} pods, expected ${pods}`);

    progress(`opening ${plan.watchers} watchers`);
    const ws = await openWatchers(t, podsPath, listed.metadata.resourceVersion, plan.watchers);
    const delivery: number[] = [];
    const afterAck: number[] = [];
    const ack: number[] = [];
    let missing = 0;
    let withWatchers: Memory;
    try {
      progress(`${plan.probes} timed writes to ${plan.watchers} watchers`);
      for (let i = 0; i < plan.probes; i++) {
        const t0 = performance.now();
        await sendOk(t, one, 'POST', podsPath + CREATE_QUERY, podManifest(`${PROBE_PREFIX}${i}`, NS));
        const acked = performance.now();
        ack.push(acked - t0);
        const arrivals = await ws.arrivals(i, 10_000);
        missing += ws.size - arrivals.length;
        for (const at of arrivals) {
          delivery.push(at - t0);
          afterAck.push(at - acked);
        }
        await sleep(20);
      }
      withWatchers = processMemory(pid);
    } finally {
      ws.close();
    }
    let afterWatchersGc: (Memory & HeapUsage) | undefined;
    if (probes.gc) {
      await sleep(500);
      afterWatchersGc = { ...(await probes.gc()), ...processMemory(pid) };
    }
    return {
      pods,
      podBytes: podManifest(podName(0), NS).length,
      idle,
      idleGc,
      createOne,
      createMany,
      getOne,
      getMany,
      list: summarize(listMs),
      listFirstByte: summarize(listFirst),
      listMb: last.body.length / 1e6,
      withPods,
      afterGc,
      companionWithPods,
      watch: { watchers: ws.size, openMs: ws.openMs, delivery: summarize(delivery), afterAck: summarize(afterAck), ack: summarize(ack), missing },
      withWatchers,
      afterWatchersGc,
    };
  } finally {
    one.destroy();
    many.destroy();
  }
}
