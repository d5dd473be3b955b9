// A running agent over the fake client and fake runtime, for unit tests.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeResourceClient } from '../../client/fake.js';
import { FakeImageService, FakeRuntime } from '../../cri/fake.js';
import { startAgent, type Agent, type AgentOptions } from '../agent.js';
import type { HostFacts } from '../node-info.js';
import { PODS, type Pod } from '../types.js';

export const NODE = 'node-1';

export const testFacts: HostFacts = {
  cpus: 2,
  memoryBytes: 4 * 2 ** 30,
  storageBytes: 100 * 2 ** 30,
  hostname: 'node-1',
  internalIPs: ['10.0.0.5'],
  kernelVersion: '6.1.0',
  osImage: 'Debian GNU/Linux 12 (bookworm)',
  architecture: 'amd64',
  operatingSystem: 'linux',
  machineID: 'mid',
  bootID: 'bid',
};

export interface Harness {
  client: FakeResourceClient;
  runtime: FakeRuntime;
  images: FakeImageService;
  agent: Agent;
  dataDir: string;
  errors: unknown[];
  createPod(pod: Pod): Promise<Pod>;
  getPod(name: string, namespace?: string): Promise<Pod>;
  close(): Promise<void>;
}

export async function startHarness(opts: Partial<AgentOptions> = {}, setup?: (h: Pick<Harness, 'client' | 'runtime' | 'images'>) => Promise<void> | void): Promise<Harness> {
  const client = new FakeResourceClient();
  const runtime = new FakeRuntime();
  const images = new FakeImageService();
  images.addImage('busybox:1', { entrypoint: ['sh'], cmd: [], user: '' });
  const dataDir = mkdtempSync(join(tmpdir(), 'skiff-agent-'));
  await setup?.({ client, runtime, images });
  const errors: unknown[] = [];
  const agent = await startAgent({
    client,
    runtime,
    images,
    nodeName: NODE,
    dataDir,
    podCIDR: '10.244.0.0/24',
    facts: testFacts,
    resyncMs: 200,
    plegMs: 30,
    allowMounts: false,
    crashBackoff: { initialMs: 150, maxMs: 600 },
    errorBackoffMs: 500,
    onError: (e) => errors.push(e),
    ...opts,
  });
  return {
    client,
    runtime,
    images,
    agent,
    dataDir,
    errors,
    createPod: (pod) => client.create<Pod>(PODS, pod.metadata?.namespace ?? 'default', pod),
    getPod: (name, namespace = 'default') => client.get<Pod>(PODS, namespace, name),
    async close() {
      await agent.stop();
      if (process.env.SKIFF_AGENT_DEBUG) for (const e of errors) console.error('agent error:', e);
      for (const c of runtime.state.containers.values()) if (c.timer) clearTimeout(c.timer);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

let seq = 0;
export function makePod(name: string, spec: Partial<NonNullable<Pod['spec']>>, meta: Partial<NonNullable<Pod['metadata']>> = {}): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', uid: `uid-${name}-${++seq}`, ...meta },
    spec: { nodeName: NODE, containers: [], ...spec },
  };
}

export const sleeper = (name: string, extra: Record<string, unknown> = {}) => ({ name, image: 'busybox:1', command: ['sh', '-c', 'sleep 3600'], ...extra });

export async function waitFor<T>(fn: () => Promise<T | undefined | false> | T | undefined | false, what: string, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
