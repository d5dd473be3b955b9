// A `skiff up` that runs real containers, for integration tests: a busybox
// image built from busybox-static and pushed to a docker-registry on loopback
// (under the given tags), a cluster CIDR of its own (so clusters of
// concurrent runs never share routes), and a teardown that deletes the
// workloads, waits until the agent removed every container and mount, stops
// skiff, removes its network and data dir, and stops the registry — each step
// even when an earlier one failed.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildBusyboxImage } from '../../src/images/testing/build-image.js';
import { startTestRegistry, type TestRegistry } from '../../src/images/testing/registry.js';
import { cleanupNetwork } from '../../src/network/cleanup.js';
import { type Cluster, kubectl, startSkiff, type StartOptions } from './cluster.js';
import { conmonsOf, mountsUnder, waitFor } from './pods.js';

export interface RealCluster {
  c: Cluster;
  registry: TestRegistry;
  /** `<registry>/test/busybox:<tag>` (default: the first tag). */
  image(tag?: string): string;
  stop(): Promise<void>;
}

export async function startRealCluster(o: { tags?: string[]; start?: StartOptions } = {}): Promise<RealCluster> {
  const tags = o.tags ?? ['1'];
  const layoutDir = mkdtempSync(join(tmpdir(), 'skiff-img-'));
  const registry = await startTestRegistry();
  let c: Cluster | undefined;
  const stop = async (): Promise<void> => {
    try {
      if (c) {
        const cl = c;
        kubectl(cl, ['delete', 'hpa', '--all']);
        for (const kind of ['deployments', 'statefulsets', 'daemonsets', 'replicasets', 'jobs']) kubectl(cl, ['delete', kind, '--all', '--wait=false']);
        kubectl(cl, ['delete', 'pods', '--all', '--grace-period=0', '--force', '--wait=true', '--timeout=60s']);
        kubectl(cl, ['delete', 'pvc', '--all', '--wait=false']);
        // Forced deletes return at once: let the agent stop and remove the containers before skiff stops
        // (a stopping skiff leaves running containers running).
        await waitFor(() => cl, 'the containers to be removed', () => conmonsOf(cl.dataDir) === '' && mountsUnder(cl.dataDir) === '', 60000).catch(() => {});
        await cl.stop();
        await cleanupNetwork(cl.dataDir);
        cl.cleanup();
      }
    } finally {
      await registry.stop();
      rmSync(layoutDir, { recursive: true, force: true });
    }
  };
  try {
    const built = await buildBusyboxImage({ dir: layoutDir, cmd: ['sh'] });
    for (const tag of tags) await registry.push(built, 'test/busybox', tag);
    const cidr = `10.${100 + Math.floor(Math.random() * 100)}.0.0/16`;
    const s = o.start ?? {};
    c = await startSkiff({ agent: true, scheduler: true, ...s, args: ['--cluster-cidr', cidr, ...(s.args ?? [])] });
  } catch (e) {
    await stop();
    throw e;
  }
  return { c, registry, image: (tag = tags[0]!) => `${registry.host}/test/busybox:${tag}`, stop };
}
