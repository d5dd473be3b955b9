// Pod start-up benchmark: `skiff up` with the scheduler and the node agent
// (runc under conmon, CNI bridge), a busybox image already pulled from a
// docker-registry on loopback. Measures create → Running (as a watch sees it)
// for single pods and for a burst, the skiff process's RSS with and without
// the agent, and two references: `podman kube play` of the same pod and the
// floor (netns + CNI ADD + bare `runc run -d`). Bounded; removes everything it
// made (pods, skiff, its network, the registry, podman's pods and network,
// runc containers, netns, temp dirs).
// Run: node dist/bench/pods.js [--quick] [--pods=N] [--singles=N] [--cpu-prof] [--no-podman] [--no-floor] [--json=FILE] [--skiff-bin=PATH]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildBusyboxImage, dockerArchive, type BuiltImage } from '../src/images/testing/build-image.js';
import { startTestRegistry } from '../src/images/testing/registry.js';
import { cleanupNetwork, isClean } from '../src/network/cleanup.js';
import { unusedTestSubnet } from '../src/network/test-helpers.js';
import { measureBurstFloor, measureFloor } from './lib/floor.js';
import { keepAliveAgent, sendOk, type Target } from './lib/http-client.js';
import { collectGarbage } from './lib/inspector.js';
import { describeMachine, machineLine } from './lib/machine.js';
import { NS, PODS_PATH, PodSession, startupPod, summarizeStartup, waitNodeReady } from './lib/pod-startup.js';
import { Podman } from './lib/podman.js';
import { conmonPids, cpuTimes, freeClusterCidr, nodeLeftovers, nothingLeft, threadCpuDelta, threadCpuMs, totalRssMb } from './lib/pods-host.js';
import { podsTable, type MemoryFigures, type PodsResults } from './lib/pods-report.js';
import { processMemory, startSkiff, type SkiffChild } from './lib/skiff-process.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const args = process.argv.slice(2);
const opt = (name: string): string | undefined => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const flag = (name: string): boolean => args.includes(`--${name}`);
const quick = flag('quick');
const burstSize = Number(opt('pods') ?? (quick ? 20 : 100));
const singles = Number(opt('singles') ?? (quick ? 5 : 20));
const podmanRuns = quick ? 2 : 10;
const floorRuns = quick ? 3 : 20;
const skiffBin = opt('skiff-bin') ?? join(ROOT, 'bin', 'skiff');
const profDir = flag('cpu-prof') ? mkdtempSync(join(tmpdir(), 'skiff-cpuprof-')) : undefined;
const log = (msg: string): void => void process.stderr.write(`[bench] ${msg}\n`);
const WARM_PODS = 4;
/** src/scheduler/cache.ts's default TTL for assumed pods. */
const ASSUME_TTL_MS = 30_000;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Undo steps, run last-first by `cleanupAll` (also on SIGINT/SIGTERM). */
const undo: Array<{ what: string; fn: () => Promise<void> }> = [];
let cleaning: Promise<void> | undefined;
function cleanupAll(): Promise<void> {
  cleaning ??= (async () => {
    while (undo.length) {
      const u = undo.pop()!;
      try {
        await u.fn();
      } catch (e) {
        log(`cleanup (${u.what}) failed: ${(e as Error).message}`);
      }
    }
  })();
  return cleaning;
}
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.once(sig, () => {
    log(`${sig}: cleaning up`);
    void cleanupAll().then(() => process.exit(130));
  });
}

async function memory(pid: number, inspector: string | undefined): Promise<MemoryFigures> {
  const rssMb = processMemory(pid).rssMb;
  if (!inspector) return { rssMb };
  const heap = await collectGarbage(inspector);
  return { rssMb, gc: { rssMb: processMemory(pid).rssMb, heapMb: heap.usedMb } };
}

/** Control plane only: idle, then holding `pods` pending pods (no scheduler, so they are only stored). */
async function controlPlaneMemory(pods: number, image: string): Promise<PodsResults['controlPlane']> {
  const skiff = await startSkiff({ bin: skiffBin, inspect: true });
  try {
    const t: Target = { host: skiff.host, port: skiff.port };
    const agent = keepAliveAgent(10);
    await sendOk(t, agent, 'POST', '/api/v1/namespaces', JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } }));
    await sleep(1500);
    const idle = await memory(skiff.pid, skiff.inspectorUrl());
    await Promise.all(Array.from({ length: pods }, (_, i) => sendOk(t, agent, 'POST', PODS_PATH, startupPod(`pending-${i}`, image))));
    await sleep(1500);
    const pending = await memory(skiff.pid, skiff.inspectorUrl());
    agent.destroy();
    return { idle, pending, pendingPods: pods };
  } finally {
    await skiff.stop();
  }
}

/** Waits until the node has removed every conmon, netns and mount of the data dir. */
async function nodeSettled(dataDir: string, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const left = nodeLeftovers(dataDir);
    if (nothingLeft(left)) return;
    if (Date.now() > end) throw new Error(`the node did not clean up within ${timeoutMs} ms: ${JSON.stringify(left)}`);
    await sleep(50);
  }
}

/** Force-deletes whatever pods remain (after a failure) and waits for the agent to clean them up. */
async function deleteRemainingPods(t: Target, dataDir: string): Promise<void> {
  const agent = keepAliveAgent(20);
  try {
    const list = JSON.parse((await sendOk(t, agent, 'GET', PODS_PATH)).body.toString()) as { items: { metadata: { name: string } }[] };
    await Promise.all(list.items.map((p) => sendOk(t, agent, 'DELETE', `${PODS_PATH}/${p.metadata.name}?gracePeriodSeconds=0`).catch(() => undefined)));
  } finally {
    agent.destroy();
  }
  await nodeSettled(dataDir, 60_000);
}

async function nodeSide(image: string, results: Partial<PodsResults>): Promise<void> {
  const clusterCidr = freeClusterCidr();
  const cpuProfDir = profDir ? join(profDir, 'agent') : undefined;
  let leftovers = '';
  const skiff: SkiffChild = await startSkiff({
    bin: skiffBin,
    inspect: true,
    cpuProfDir,
    nodeSide: { clusterCidr },
    afterExit: async (dataDir) => {
      const net = await cleanupNetwork(dataDir);
      const node = nodeLeftovers(dataDir);
      if (!isClean(net) || !nothingLeft(node)) leftovers = JSON.stringify({ net, node });
      // Never delete a data dir with container mounts still inside it.
      if (node.mounts.length) throw new Error(`mounts left under ${dataDir}: ${node.mounts.join(', ')}`);
    },
  });
  const since = (): string => `+${((performance.now() - skiff.spawnedAt) / 1000).toFixed(1)}s`;
  const phase = (m: string): void => log(`${since()} ${m}`);
  const t: Target = { host: skiff.host, port: skiff.port };
  undo.push({
    what: 'skiff with the agent',
    fn: async () => {
      await deleteRemainingPods(t, skiff.dataDir).catch((e: unknown) => log(`deleting leftover pods: ${(e as Error).message}`));
      await skiff.stop();
      if (cpuProfDir) log(`CPU profile: ${readdirSync(cpuProfDir).map((f) => join(cpuProfDir, f)).join(', ')}`);
      results.cleanup = leftovers ? { ok: false, detail: leftovers } : { ok: true, detail: '' };
    },
  });
  phase(`skiff with scheduler and agent on port ${skiff.port} (pid ${skiff.pid}, cluster CIDR ${clusterCidr}, data dir ${skiff.dataDir})`);
  try {
    const node = await waitNodeReady(t, 60_000);
    phase(`node ${node} Ready`);
    await sleep(2000);
    const idle = await memory(skiff.pid, skiff.inspectorUrl());
    const session = await PodSession.open(t, image);
    undo.push({ what: 'watch', fn: async () => session.close() });
    const settled = () => nodeSettled(skiff.dataDir, 30_000);
    phase(`warm-up: the first pod pulls the image; ${WARM_PODS - 1} more warm the code paths (untimed)`);
    await session.sequential('warm', WARM_PODS, (m) => phase(m), settled, 120_000);
    phase(`${singles} single pods, one at a time`);
    const single = await session.sequential('single', singles, (m) => phase(m), settled);
    // The scheduler keeps counting a pod it bound against the node's 110-pod
    // capacity for 30 s (its assumption TTL) when the pod is deleted before the
    // next scheduling cycle sees it bound, so let those assumptions expire.
    const settleMs = WARM_PODS + singles + burstSize > 110 ? ASSUME_TTL_MS + 1000 : 1000;
    if (settleMs > 1000) phase(`waiting ${settleMs / 1000} s for the scheduler's assumed (already deleted) pods to expire`);
    await sleep(settleMs);
    phase(`burst: ${burstSize} pods created at once`);
    const names = Array.from({ length: burstSize }, (_, i) => `burst-${String(i).padStart(3, '0')}`);
    const cpuBefore = cpuTimes(skiff.pid);
    const threadsBefore = threadCpuMs(skiff.pid);
    const burst = await session.start(names, 120_000);
    const cpuAfter = cpuTimes(skiff.pid);
    const threads = threadCpuDelta(threadsBefore, threadCpuMs(skiff.pid));
    phase(`burst: all Running after ${burst.wallMs.toFixed(0)} ms`);
    await sleep(3000);
    const running = await memory(skiff.pid, skiff.inspectorUrl());
    const conmons = conmonPids(skiff.dataDir);
    const conmonMb = totalRssMb(conmons);
    phase(`deleting the ${burstSize} pods`);
    await session.remove(names, 120_000);
    await nodeSettled(skiff.dataDir, 60_000);
    phase('all pods gone; node clean');
    results.single = summarizeStartup(single, single.reduce((a, s) => a + s.runningMs, 0));
    results.burst = summarizeStartup(burst.samples, burst.wallMs);
    results.node = { idle, running, runningPods: burstSize, conmons: conmons.length, conmonMb };
    const others = threads.filter((x) => x.tid !== skiff.pid);
    results.burstCpu = {
      selfMs: cpuAfter.selfMs - cpuBefore.selfMs,
      childrenMs: cpuAfter.childrenMs - cpuBefore.childrenMs,
      mainMs: threads.find((x) => x.tid === skiff.pid)?.ms ?? 0,
      workerMs: others[0]?.ms ?? 0,
    };
  } catch (e) {
    log(`failed; skiff output:\n${skiff.logs().slice(-4000)}`);
    throw e;
  }
}

async function main(): Promise<void> {
  const machine = describeMachine();
  let commit = 'unknown';
  try {
    commit = execFileSync('git', ['-C', ROOT, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  } catch {
    // not a checkout
  }
  const results: Partial<PodsResults> = {};
  const work = mkdtempSync(join(tmpdir(), 'skiff-podbench-'));
  undo.push({ what: 'temp dir', fn: async () => rmSync(work, { recursive: true, force: true }) });
  const built: BuiltImage = await buildBusyboxImage({ dir: join(work, 'layout'), cmd: ['sh'] });

  if (!flag('no-floor')) {
    log(`floor: ${floorRuns} × (netns + CNI ADD + runc run -d)`);
    results.floor = await measureFloor(floorRuns, log).catch((e: unknown) => {
      results.floorError = (e as Error).message;
      return undefined;
    });
    if (results.floor) {
      // The burst's own floor: how fast these parts alone start the whole burst, at a few concurrencies.
      results.burstFloor = [];
      for (const c of quick ? [burstSize] : [4, 16, burstSize]) {
        log(`burst floor: ${burstSize} × (netns + CNI ADD + runc run -d), ${c} at a time`);
        results.burstFloor.push(await measureBurstFloor(burstSize, c, log));
      }
    }
  }
  if (!flag('no-podman')) {
    log(`podman kube play: ${podmanRuns} runs`);
    try {
      const podman = await Podman.create(await dockerArchive(built, ['localhost/skiffbench/busybox:1']), 'localhost/skiffbench/busybox:1', await unusedTestSubnet());
      undo.push({ what: 'podman', fn: () => podman.close() });
      try {
        results.podman = await podman.measure(podmanRuns, log);
      } finally {
        undo.pop();
        await podman.close();
      }
    } catch (e) {
      results.podmanError = (e as Error).message.split('\n')[0];
      log(`podman: ${results.podmanError}`);
    }
  }

  const registry = await startTestRegistry();
  undo.push({ what: 'registry', fn: () => registry.stop() });
  await registry.push(built, 'bench/busybox', '1');
  const image = `${registry.host}/bench/busybox:1`;

  log(`control plane only: RSS idle and holding ${burstSize} pending pods`);
  results.controlPlane = await controlPlaneMemory(burstSize, image);
  await nodeSide(image, results);
  await cleanupAll();

  const r = results as PodsResults;
  const out = [
    `## Pod start-up (${quick ? 'quick' : 'full'} run)`,
    '',
    `Machine: ${machineLine(machine)}. skiff commit ${commit}.`,
    '',
    podsTable(r),
    '',
  ].join('\n');
  process.stdout.write(out);
  const json = opt('json');
  if (json) writeFileSync(json, JSON.stringify({ machine, commit, quick, results: r }, null, 2));
  if (!r.cleanup?.ok) process.exitCode = 1;
}

// A hard bound on the whole run, whatever hangs.
const watchdog = setTimeout(() => {
  log('the benchmark took more than 20 minutes: giving up');
  void cleanupAll().then(() => process.exit(1));
}, 20 * 60_000);
watchdog.unref();

main().then(
  () => clearTimeout(watchdog),
  async (e: unknown) => {
    log(`failed: ${(e as Error).stack ?? String(e)}`);
    await cleanupAll();
    process.exit(1);
  },
);
