// A benchmark session on the real node: a busybox image built from
// busybox-static and pushed to a docker-registry on loopback (under the given
// tags), `skiff up` with the controller manager and the node agent on a free
// cluster CIDR, the node Ready; afterwards the workloads' containers are
// waited out, skiff stopped, its network removed and checked, the registry
// stopped. Also the entry-point wrapper the benchmarks share.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildBusyboxImage } from '../../src/images/testing/build-image.js';
import { startTestRegistry } from '../../src/images/testing/registry.js';
import { cleanupNetwork, isClean } from '../../src/network/cleanup.js';
import type { Target } from './http-client.js';
import { waitNodeReady } from './pod-startup.js';
import { freeClusterCidr, nodeLeftovers, nothingLeft } from './pods-host.js';
import { startSkiff, type SkiffChild } from './skiff-process.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export class LeftoversError extends Error {
  constructor(what: string) {
    super(`left behind: ${what}`);
    this.name = 'LeftoversError';
  }
}

export interface RealNode {
  t: Target;
  skiff: SkiffChild;
  /** `<registry>/bench/busybox:<tag>`. */
  image(tag: string): string;
}

/** Runs `fn` against a fresh single-node cluster with real containers; everything is removed after. */
export async function withRealNode<T>(o: { tags: string[]; extraArgs?: string[] }, fn: (n: RealNode) => Promise<T>): Promise<T> {
  const work = mkdtempSync(join(tmpdir(), 'skiff-bench-node-'));
  const registry = await startTestRegistry();
  let leftovers = '';
  let result: T;
  try {
    const built = await buildBusyboxImage({ dir: join(work, 'layout'), cmd: ['sh'] });
    for (const tag of o.tags) await registry.push(built, 'bench/busybox', tag);
    const skiff = await startSkiff({
      bin: join(ROOT, 'bin', 'skiff'),
      controllers: true,
      nodeSide: { clusterCidr: freeClusterCidr() },
      extraArgs: o.extraArgs,
      timeoutMs: 120_000,
      afterExit: async (dataDir) => {
        const net = await cleanupNetwork(dataDir);
        const node = nodeLeftovers(dataDir);
        if (!isClean(net) || !nothingLeft(node)) leftovers = JSON.stringify({ net, node });
        if (node.mounts.length) throw new Error(`mounts left under ${dataDir}: ${node.mounts.join(', ')}`);
      },
    });
    try {
      const t: Target = { host: skiff.host, port: skiff.port };
      await waitNodeReady(t, 60_000);
      result = await fn({ t, skiff, image: (tag) => `${registry.host}/bench/busybox:${tag}` });
    } finally {
      // Let the agent remove the containers before skiff stops (a stopping skiff leaves them running).
      for (let i = 0; i < 240 && !nothingLeft(nodeLeftovers(skiff.dataDir)); i++) await sleep(250);
      await skiff.stop();
    }
  } finally {
    await registry.stop();
    rmSync(work, { recursive: true, force: true });
  }
  if (leftovers) throw new LeftoversError(leftovers);
  return result;
}

/** Runs a benchmark's main: exit 0 when it resolves, log and exit 1 when it fails. */
export function runMain(main: () => Promise<void>, log: (msg: string) => void): void {
  main().then(
    () => process.exit(0),
    (e: unknown) => {
      log(`failed: ${(e as Error).stack ?? String(e)}`);
      process.exit(1);
    },
  );
}
