// Test support for the real runtime: a busybox image layer built from the
// host's /bin/busybox, and a harness that tracks and verifies cleanup.
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, copyFile, symlink, rm, readdir, readFile, writeFile } from 'node:fs/promises';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { RuntimeHarness } from '../cri/contract.js';
import type { PodSandboxConfig } from '../cri/types.js';
import { OciRuntime, type OciRuntimeOptions } from './runtime.js';
import { LoopbackNetwork, type NetworkPlugin, type NetworkSetUp } from './network.js';
import { findExecutable } from './host.js';
import { removeCgroup } from './proc.js';
import { CGROUP_ROOT } from './stats.js';

const APPLETS = ['sh', 'echo', 'sleep', 'cat', 'ls', 'hostname', 'nc', 'dd', 'head', 'id', 'env', 'pwd', 'true', 'false', 'ipcs', 'readlink', 'tr'];

/** A directory holding bin/busybox plus applet symlinks and a minimal /etc. */
export async function makeBusyboxLayer(dir: string): Promise<string> {
  const busybox = findExecutable('busybox');
  if (!busybox) throw new Error('busybox-static is not installed');
  await mkdir(join(dir, 'bin'), { recursive: true });
  await mkdir(join(dir, 'etc'), { recursive: true });
  await copyFile(busybox, join(dir, 'bin', 'busybox'));
  for (const a of APPLETS) await symlink('busybox', join(dir, 'bin', a));
  await writeFile(join(dir, 'etc', 'passwd'), 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/sh\n');
  await writeFile(join(dir, 'etc', 'group'), 'root:x:0:\nnogroup:x:65534:\n');
  return dir;
}

/** Records the namespaces it was given, so a test can check they are gone. */
export class TrackingNetwork implements NetworkPlugin {
  readonly inner = new LoopbackNetwork();
  readonly netnsPaths = new Set<string>();
  tornDown = 0;
  setUp(id: string, path: string, config: PodSandboxConfig): Promise<NetworkSetUp> {
    this.netnsPaths.add(path);
    return this.inner.setUp(id, path);
  }
  async tearDown(): Promise<void> {
    this.tornDown++;
  }
}

function processesUnder(root: string): string[] {
  const found: string[] = [];
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid) || Number(pid) === process.pid) continue;
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
      if (cmd.includes(root)) found.push(`${pid}: ${cmd}`);
    } catch {
      // Exited meanwhile.
    }
  }
  return found;
}

export interface RealHarness extends RuntimeHarness {
  runtime: OciRuntime;
  root: string;
  layer: string;
  network: TrackingNetwork;
  cgroupRoot: string;
  make(extra?: Partial<OciRuntimeOptions>): OciRuntime;
}

export async function makeRealHarness(extra: Partial<OciRuntimeOptions> = {}): Promise<RealHarness> {
  const base = await mkdtemp(join(tmpdir(), 'skiff-rt-'));
  const layer = await makeBusyboxLayer(join(base, 'layer'));
  const root = join(base, 'root');
  const logDirectory = join(base, 'logs');
  await mkdir(logDirectory);
  const network = new TrackingNetwork();
  const cgroupRoot = `/skiff-test-${randomBytes(4).toString('hex')}`;
  const make = (more: Partial<OciRuntimeOptions> = {}) =>
    new OciRuntime({ root, rootfsLayers: async () => [layer], network, cgroupRoot, ...extra, ...more });
  const runtime = make();
  const h: RealHarness = {
    runtime, root, layer, network, cgroupRoot, make, logDirectory, image: 'busybox:test',
    reopen: async () => make(),
    assertClean: async () => {
      const mounts = (await readFile('/proc/self/mountinfo', 'utf8')).split('\n').filter((l) => l.includes(root));
      assert.deepEqual(mounts, [], 'no mounts left under the runtime root');
      for (const p of network.netnsPaths) assert.equal(existsSync(p), false, `netns ${p} removed`);
      assert.deepEqual(processesUnder(root), [], 'no conmon or container processes left');
      const memCg = join(CGROUP_ROOT, 'memory', cgroupRoot);
      const left = existsSync(memCg) ? (await readdir(memCg, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name) : [];
      assert.deepEqual(left, [], 'no pod cgroups left');
      // A new instance reads what is on disk (each instance keeps its own index of records).
      assert.deepEqual(await make().listContainers(), []);
    },
    close: async () => {
      const rt = make();
      for (const sb of await rt.listPodSandbox().catch(() => [])) await rt.removePodSandbox(sb.id).catch(() => {});
      for (const c of await rt.listContainers().catch(() => [])) await rt.removeContainer(c.id).catch(() => {});
      removeCgroup(cgroupRoot);
      await rm(base, { recursive: true, force: true });
    },
  };
  return h;
}
