// The floor under pod start-up on this machine: what the kernel and the
// external binaries cost with no orchestration at all. One iteration is a new
// named netns, one CNI ADD (loopback, then bridge + host-local + portmap, as
// skiff's pod network does) and a bare `runc run --detach` of busybox in that
// netns. Everything it creates is removed afterwards.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CniNetwork } from '../../src/network/cni-network.js';
import { cleanupNetwork, isClean } from '../../src/network/cleanup.js';
import { createNetns, deleteNetns, netnsName } from '../../src/network/netns.js';
import { unusedTestSubnet } from '../../src/network/test-helpers.js';
import { makeBusyboxLayer } from '../../src/runtime/testing.js';
import { summarize, type Summary } from './stats.js';

export class FloorError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FloorError';
  }
}

export interface FloorResult {
  iterations: number;
  netns: Summary;
  cniAdd: Summary;
  runcRun: Summary;
  total: Summary;
}

/** Runs a command with all stdio on /dev/null (a detached container inherits runc's stdio). */
function quiet(cmd: string, args: string[], timeoutMs = 30_000): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: 'ignore' });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (e) => (clearTimeout(timer), reject(e)));
    child.on('exit', (code) => (clearTimeout(timer), resolve(code)));
  });
}

/** The OCI config for a busybox `sleep` in an existing netns, read-only rootfs shared by all iterations. */
function ociConfig(rootfs: string, netnsPath: string, hostname: string): Record<string, unknown> {
  const mount = (destination: string, type: string, source: string, options: string[]) => ({ destination, type, source, options });
  return {
    ociVersion: '1.0.2',
    process: {
      terminal: false,
      user: { uid: 0, gid: 0 },
      args: ['sleep', '3600'],
      env: ['PATH=/bin'],
      cwd: '/',
      noNewPrivileges: true,
    },
    root: { path: rootfs, readonly: true },
    hostname,
    mounts: [
      mount('/proc', 'proc', 'proc', []),
      mount('/dev', 'tmpfs', 'tmpfs', ['nosuid', 'strictatime', 'mode=755', 'size=65536k']),
      mount('/dev/pts', 'devpts', 'devpts', ['nosuid', 'noexec', 'newinstance', 'ptmxmode=0666', 'mode=0620']),
      mount('/sys', 'sysfs', 'sysfs', ['nosuid', 'noexec', 'nodev', 'ro']),
    ],
    linux: {
      namespaces: [{ type: 'pid' }, { type: 'ipc' }, { type: 'uts' }, { type: 'mount' }, { type: 'network', path: netnsPath }],
      maskedPaths: ['/proc/kcore', '/proc/keys', '/sys/firmware'],
      readonlyPaths: ['/proc/sys', '/proc/sysrq-trigger'],
    },
  };
}

/** What both floors share: a temp dir, a busybox rootfs, a CNI network, and teardown of what they start. */
interface FloorBench {
  base: string;
  tag: string;
  dataDir: string;
  runcRoot: string;
  rootfs: string;
  network: CniNetwork;
  live: Array<{ id: string; ns: string }>;
  teardown(c: { id: string; ns: string }): Promise<void>;
  /** Tears down what is still live, checks the network is clean and removes the temp dir. */
  close(progress: (msg: string) => void, what: string): Promise<void>;
}

async function floorBench(): Promise<FloorBench> {
  const base = await mkdtemp(join(tmpdir(), 'skiff-floor-'));
  const dataDir = join(base, 'data');
  const runcRoot = join(base, 'runc');
  const rootfs = await makeBusyboxLayer(join(base, 'rootfs'));
  const network = new CniNetwork({ dataDir, podCidr: await unusedTestSubnet() });
  const live: Array<{ id: string; ns: string }> = [];
  const teardown = async (c: { id: string; ns: string }): Promise<void> => {
    await quiet('runc', ['--root', runcRoot, 'delete', '--force', c.id]);
    await network.tearDown(c.id, `/run/netns/${c.ns}`).catch(() => {});
    await deleteNetns(c.ns);
  };
  return {
    base, tag: randomBytes(4).toString('hex'), dataDir, runcRoot, rootfs, network, live, teardown,
    close: async (progress, what) => {
      for (const c of live) await teardown(c).catch(() => {});
      const left = await cleanupNetwork(dataDir);
      await rm(base, { recursive: true, force: true });
      if (!isClean(left)) progress(`${what}: network leftovers: ${JSON.stringify(left)}`);
    },
  };
}

/** `iterations` rounds of netns + CNI ADD + runc run -d, each torn down before the next. */
export async function measureFloor(iterations: number, progress: (msg: string) => void): Promise<FloorResult> {
  const fb = await floorBench();
  const { base, tag, dataDir, runcRoot, rootfs, network, live, teardown } = fb;
  const times = { netns: [] as number[], cniAdd: [] as number[], runcRun: [] as number[], total: [] as number[] };
  try {
    await network.confLists(); // asks the plugins for their versions once, as the agent does at start
    for (let i = -1; i < iterations; i++) {
      // Iteration -1 warms the page cache and creates the bridge; it is not timed.
      const id = `skiffbench-${tag}-${i + 1}`;
      const ns = netnsName(dataDir, id);
      const bundle = join(base, id);
      await mkdir(bundle);
      const t0 = performance.now();
      const nsPath = await createNetns(ns);
      const c = { id, ns };
      live.push(c);
      const t1 = performance.now();
      await network.setUp(id, nsPath, { podName: id, podNamespace: 'bench', podUid: id });
      const t2 = performance.now();
      await writeFile(join(bundle, 'config.json'), JSON.stringify(ociConfig(rootfs, nsPath, id)));
      const t3 = performance.now();
      const log = join(base, `${id}.log`);
      const code = await quiet('runc', ['--root', runcRoot, '--log', log, 'run', '--detach', '--bundle', bundle, id]);
      const t4 = performance.now();
      if (code !== 0) throw new FloorError(`runc run exited with ${code}: ${await readFile(log, 'utf8').catch(() => '')}`);
      if (i >= 0) {
        times.netns.push(t1 - t0);
        times.cniAdd.push(t2 - t1);
        times.runcRun.push(t4 - t3);
        times.total.push(t1 - t0 + (t2 - t1) + (t4 - t3));
        progress(`floor ${i + 1}/${iterations}: ${(t4 - t0 - (t3 - t2)).toFixed(0)} ms`);
      }
      await teardown(c);
      live.splice(live.indexOf(c), 1);
    }
  } finally {
    await fb.close(progress, 'floor');
  }
  return { iterations, netns: summarize(times.netns), cniAdd: summarize(times.cniAdd), runcRun: summarize(times.runcRun), total: summarize(times.total) };
}

export interface BurstFloorResult {
  pods: number;
  /** How many were being started at a time. */
  concurrency: number;
  /** From the first start to the last `runc run -d` returning, ms. */
  totalMs: number;
  podsPerSec: number;
  /** Each pod's time from the burst's start to its container running, ms. */
  ready: Summary;
}

/**
 * The floor under a burst: `pods` × (netns + CNI ADD + `runc run -d`) started
 * together, `concurrency` at a time, all torn down afterwards. No
 * orchestration, no overlay mount, no container monitor: what these parts
 * alone need on this machine to start that many pods at once.
 */
export async function measureBurstFloor(pods: number, concurrency: number, progress: (msg: string) => void): Promise<BurstFloorResult> {
  const fb = await floorBench();
  const { base, tag, dataDir, runcRoot, rootfs, network, live } = fb;
  const startOne = async (i: number): Promise<void> => {
    const id = `skiffburst-${tag}-${i}`;
    const ns = netnsName(dataDir, id);
    const bundle = join(base, id);
    await mkdir(bundle);
    const nsPath = await createNetns(ns);
    live.push({ id, ns });
    await network.setUp(id, nsPath, { podName: id, podNamespace: 'bench', podUid: id });
    await writeFile(join(bundle, 'config.json'), JSON.stringify(ociConfig(rootfs, nsPath, id)));
    const log = join(base, `${id}.log`);
    const code = await quiet('runc', ['--root', runcRoot, '--log', log, 'run', '--detach', '--bundle', bundle, id]);
    if (code !== 0) throw new FloorError(`runc run exited with ${code}: ${await readFile(log, 'utf8').catch(() => '')}`);
  };
  try {
    await network.confLists();
    await startOne(-1); // warms the page cache and creates the bridge; not timed
    const ready: number[] = [];
    let next = 0;
    const t0 = performance.now();
    const lane = async (): Promise<void> => {
      for (let i = next++; i < pods; i = next++) {
        await startOne(i);
        ready.push(performance.now() - t0);
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, pods) }, lane));
    const totalMs = performance.now() - t0;
    progress(`burst floor: ${pods} pods, ${concurrency} at a time: ${totalMs.toFixed(0)} ms`);
    return { pods, concurrency, totalMs, podsPerSec: pods / (totalMs / 1000), ready: summarize(ready) };
  } finally {
    await fb.close(progress, 'burst floor');
  }
}
