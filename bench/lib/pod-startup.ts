// Pod start-up against a running skiff with the scheduler and the agent:
// sequential single pods and a burst, timed from just before each create was
// sent to the watch event that first shows the pod Running.
import type { Agent } from 'node:http';
import { keepAliveAgent, sendOk, type Target } from './http-client.js';
import { PodWatch, type PodTimes } from './pod-watch.js';
import { summarize, type Summary } from './stats.js';

export const NS = 'bench';
export const PODS_PATH = `/api/v1/namespaces/${NS}/pods`;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** A one-container busybox pod that exits at once on SIGTERM (so deletes do not wait out the grace period). */
export function startupPod(name: string, image: string): string {
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: NS, labels: { app: 'pod-bench' } },
    spec: {
      terminationGracePeriodSeconds: 2,
      containers: [{ name: 'main', image, imagePullPolicy: 'IfNotPresent', command: ['sh', '-c', "trap 'exit 0' TERM; sleep 3600 & wait"] }],
    },
  });
}

/** Per-pod latencies (ms) from the create's start. */
export interface StartupSample {
  name: string;
  createAckMs: number;
  boundMs: number;
  agentStatusMs: number;
  runningMs: number;
}

export interface StartupSummary {
  count: number;
  running: Summary;
  /** Create acknowledged by the API server. */
  createAck: Summary;
  /** Bound to the node (scheduler). */
  bound: Summary;
  /** First status the agent wrote (pod IP or container statuses). */
  agentStatus: Summary;
  /** Pods Running per second, from the first create's start to the last pod Running. */
  perSec: number;
  wallMs: number;
}

export function summarizeStartup(samples: StartupSample[], wallMs: number): StartupSummary {
  return {
    count: samples.length,
    running: summarize(samples.map((s) => s.runningMs)),
    createAck: summarize(samples.map((s) => s.createAckMs)),
    bound: summarize(samples.map((s) => s.boundMs)),
    agentStatus: summarize(samples.map((s) => s.agentStatusMs)),
    perSec: wallMs > 0 ? (samples.length * 1000) / wallMs : 0,
    wallMs,
  };
}

export class PodSession {
  private readonly agent: Agent;
  private constructor(
    private readonly t: Target,
    readonly watch: PodWatch,
    private readonly image: string,
  ) {
    this.agent = keepAliveAgent(200);
  }

  /** Creates the namespace and opens the watch on its pods. */
  static async open(t: Target, image: string): Promise<PodSession> {
    const setup = keepAliveAgent(1);
    try {
      await sendOk(t, setup, 'POST', '/api/v1/namespaces', JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } }));
      const list = JSON.parse((await sendOk(t, setup, 'GET', PODS_PATH)).body.toString()) as { metadata: { resourceVersion: string } };
      return new PodSession(t, await PodWatch.open(t, PODS_PATH, list.metadata.resourceVersion), image);
    } finally {
      setup.destroy();
    }
  }

  private times(name: string): PodTimes {
    return this.watch.times.get(name) ?? {};
  }

  /** Creates the pods all at once; resolves when every one is Running (as the watch shows). */
  async start(names: string[], timeoutMs: number): Promise<{ samples: StartupSample[]; wallMs: number }> {
    const t0 = performance.now();
    const acks = await Promise.all(
      names.map(async (name) => {
        const started = performance.now();
        await sendOk(this.t, this.agent, 'POST', PODS_PATH, startupPod(name, this.image));
        return { name, started, ackMs: performance.now() - started };
      }),
    );
    await this.watch.until(`${names.length} pods Running`, () => names.every((n) => this.times(n).runningAt !== undefined), timeoutMs);
    const last = Math.max(...names.map((n) => this.times(n).runningAt!));
    const samples = acks.map(({ name, started, ackMs }) => {
      const t = this.times(name);
      return { name, createAckMs: ackMs, boundMs: (t.boundAt ?? NaN) - started, agentStatusMs: (t.agentStatusAt ?? NaN) - started, runningMs: t.runningAt! - started };
    });
    return { samples, wallMs: last - t0 };
  }

  /** Deletes the pods (the spec's grace period) and waits until the agent has finished them (they are gone from the API). */
  async remove(names: string[], timeoutMs: number): Promise<void> {
    await Promise.all(names.map((n) => sendOk(this.t, this.agent, 'DELETE', `${PODS_PATH}/${n}`)));
    await this.watch.until(`${names.length} pods deleted`, () => names.every((n) => this.times(n).deletedAt !== undefined), timeoutMs);
  }

  /**
   * `count` pods one after the other, each deleted (and gone) before the next
   * is created; `settled` then waits until the node has cleaned it up.
   */
  async sequential(prefix: string, count: number, progress: (msg: string) => void, settled: () => Promise<void>, timeoutMs = 60_000): Promise<StartupSample[]> {
    const out: StartupSample[] = [];
    for (let i = 0; i < count; i++) {
      const name = `${prefix}-${i}`;
      const { samples } = await this.start([name], timeoutMs);
      out.push(samples[0]);
      progress(`${name}: Running after ${samples[0].runningMs.toFixed(0)} ms (bound ${samples[0].boundMs.toFixed(0)} ms)`);
      await this.remove([name], timeoutMs);
      await settled();
      await sleep(200);
    }
    return out;
  }

  close(): void {
    this.watch.close();
    this.agent.destroy();
  }
}

/** Waits until a node reports Ready=True. */
export async function waitNodeReady(t: Target, timeoutMs: number): Promise<string> {
  const agent = keepAliveAgent(1);
  const end = Date.now() + timeoutMs;
  try {
    for (;;) {
      const nodes = JSON.parse((await sendOk(t, agent, 'GET', '/api/v1/nodes')).body.toString()) as {
        items: { metadata: { name: string }; status?: { conditions?: { type: string; status: string }[] } }[];
      };
      const ready = nodes.items.find((n) => n.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'));
      if (ready) return ready.metadata.name;
      if (Date.now() > end) throw new Error(`no node became Ready within ${timeoutMs} ms`);
      await sleep(200);
    }
  } finally {
    agent.destroy();
  }
}
