// The resource metrics API (metrics.k8s.io/v1beta1, what metrics-server serves
// upstream): NodeMetrics and PodMetrics for `kubectl top` and the HPA
// controller. The API server finds each node's agent through the Node's
// `skiff.dev/agent-endpoint` annotation, reads its /stats/summary, and keeps
// the answer for a second. The two resources are registered like any other
// (so legacy and aggregated discovery list them) but read from a snapshot of
// agent stats instead of the watch cache; they only support get and list.
import { request as httpRequest } from 'node:http';
import type { Summary } from '../../agent/server/stats.js';
import { Entry } from '../registry/entry.js';
import type { WatchCache } from '../registry/cache.js';
import type { StoreContext } from '../registry/store.js';
import type { ApiServer, ServerExtension } from '../server.js';
import type { KubeObject, ResourceDef } from '../types.js';
import { AGENT_ENDPOINT_ANNOTATION } from './connect.js';

export const METRICS_GROUP = 'metrics.k8s.io';
export const METRICS_VERSION = 'v1beta1';
const NODES_PREFIX = `/registry/${METRICS_GROUP}/nodes/`;
const PODS_PREFIX = `/registry/${METRICS_GROUP}/pods/`;

export class AgentStatsError extends Error {
  constructor(node: string, detail: string) {
    super(`reading stats of node ${node}: ${detail}`);
    this.name = 'AgentStatsError';
  }
}

/** GET http://host:port/stats/summary. */
export function fetchSummary(host: string, port: number, node: string, timeoutMs = 5000): Promise<Summary> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host, port, path: '/stats/summary', method: 'GET', headers: { Accept: 'application/json' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        if (res.statusCode !== 200) return reject(new AgentStatsError(node, `HTTP ${res.statusCode}: ${text.trim()}`));
        try {
          resolve(JSON.parse(text) as Summary);
        } catch (e) {
          reject(new AgentStatsError(node, (e as Error).message));
        }
      });
    });
    req.setTimeout(timeoutMs, () => req.destroy(new AgentStatsError(node, 'timed out')));
    req.on('error', (e) => reject(e instanceof AgentStatsError ? e : new AgentStatsError(node, e.message)));
    req.end();
  });
}

export type SummaryFetcher = (host: string, port: number, node: string) => Promise<Summary>;

export const cpuQuantity = (nanocores: number): string => `${Math.max(0, Math.round(nanocores))}n`;
export const memoryQuantity = (bytes: number): string => `${Math.max(0, Math.round(bytes / 1024))}Ki`;

function endpointOf(node: KubeObject): { host: string; port: number } | undefined {
  const ann = node.metadata?.annotations?.[AGENT_ENDPOINT_ANNOTATION];
  const m = ann ? /^\[?([^\]]+?)\]?:(\d+)$/.exec(ann) : null;
  return m ? { host: m[1], port: Number(m[2]) } : undefined;
}

/**
 * A read-only stand-in for the watch cache of the two metrics resources: each
 * sync() refreshes the snapshot from the agents when it is older than `ttlMs`.
 */
export class MetricsSnapshot {
  private entries = new Map<string, Entry>();
  private fetchedAt = 0;
  private inflight?: Promise<void>;

  constructor(
    private readonly cache: WatchCache,
    private readonly fetch: SummaryFetcher,
    private readonly log: (line: string) => void,
    private readonly ttlMs = 1000,
    private readonly now: () => number = Date.now,
  ) {}

  get revision(): number {
    return this.cache.revision;
  }

  waitFor(rev: number, timeoutMs?: number): Promise<void> {
    return this.cache.waitFor(rev, timeoutMs);
  }

  async sync(): Promise<void> {
    if (this.now() - this.fetchedAt < this.ttlMs) return;
    this.inflight ??= this.refresh().finally(() => (this.inflight = undefined));
    await this.inflight;
  }

  get(key: string): Entry | undefined {
    return this.entries.get(key);
  }

  list(prefix: string): Entry[] {
    return [...this.entries.values()].filter((e) => e.key.startsWith(prefix)).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  private async refresh(): Promise<void> {
    await this.cache.sync();
    const rev = this.cache.revision;
    const nodes = this.cache.list('/registry/core/nodes/').map((e) => e.object());
    const next = new Map<string, Entry>();
    await Promise.all(
      nodes.map(async (node) => {
        const name = node.metadata?.name ?? '';
        const ep = endpointOf(node);
        if (!ep) return;
        let s: Summary;
        try {
          s = await this.fetch(ep.host, ep.port, name);
        } catch (e) {
          this.log(`metrics: ${(e as Error).message}`);
          return;
        }
        for (const obj of this.toObjects(node, s)) {
          const key = obj.kind === 'NodeMetrics' ? `${NODES_PREFIX}${obj.metadata!.name}` : `${PODS_PREFIX}${obj.metadata!.namespace}/${obj.metadata!.name}`;
          next.set(key, Entry.fromObject(key, rev, obj));
        }
      }),
    );
    this.entries = next;
    this.fetchedAt = this.now();
  }

  private toObjects(node: KubeObject, s: Summary): KubeObject[] {
    const apiVersion = `${METRICS_GROUP}/${METRICS_VERSION}`;
    const out: KubeObject[] = [];
    const n = s.node;
    const creationTimestamp = new Date(this.now()).toISOString().replace(/\.\d+Z$/, 'Z');
    if (n?.cpu?.usageNanoCores !== undefined) {
      out.push({
        kind: 'NodeMetrics', apiVersion,
        metadata: { name: node.metadata?.name, creationTimestamp, labels: node.metadata?.labels ?? {} },
        timestamp: n.cpu.time, window: '1s',
        usage: { cpu: cpuQuantity(n.cpu.usageNanoCores), memory: memoryQuantity(n.memory?.workingSetBytes ?? 0) },
      });
    }
    for (const p of s.pods ?? []) {
      const pod = this.cache.get(`/registry/core/pods/${p.podRef.namespace}/${p.podRef.name}`)?.object();
      // Only pods the API knows (same uid), with a rate for every container.
      if (!pod || (p.podRef.uid && pod.metadata?.uid !== p.podRef.uid)) continue;
      if (p.containers.length === 0 || p.containers.some((c) => c.cpu.usageNanoCores === undefined)) continue;
      out.push({
        kind: 'PodMetrics', apiVersion,
        metadata: { name: p.podRef.name, namespace: p.podRef.namespace, creationTimestamp, labels: pod.metadata?.labels ?? {} },
        timestamp: p.cpu.time, window: '1s',
        containers: p.containers.map((c) => ({ name: c.name, usage: { cpu: cpuQuantity(c.cpu.usageNanoCores ?? 0), memory: memoryQuantity(c.memory.workingSetBytes) } })),
      });
    }
    return out;
  }
}

function metricsDef(kind: 'NodeMetrics' | 'PodMetrics'): ResourceDef {
  const pods = kind === 'PodMetrics';
  return {
    group: METRICS_GROUP, version: METRICS_VERSION, kind, listKind: `${kind}List`,
    plural: pods ? 'pods' : 'nodes', singular: '', namespaced: pods, verbs: ['get', 'list'],
    subresources: {}, strategy: {},
  };
}

export interface MetricsExtensionOptions {
  fetch?: SummaryFetcher;
  /** How long agent stats are reused (default 1 s). */
  ttlMs?: number;
}

/** Registers metrics.k8s.io/v1beta1 nodes and pods, read from the agents. */
export function metricsExtension(o: MetricsExtensionOptions = {}): ServerExtension {
  return {
    init(server: ApiServer) {
      const snapshot = new MetricsSnapshot(server.cache, o.fetch ?? fetchSummary, server.log, o.ttlMs ?? 1000);
      for (const kind of ['NodeMetrics', 'PodMetrics'] as const) {
        const store = server.registry.add(metricsDef(kind));
        // The store reads through its context's cache: give it the snapshot instead of the watch cache.
        const mutable = store as unknown as { ctx: StoreContext };
        mutable.ctx = { ...store.ctx, cache: snapshot as unknown as WatchCache };
      }
    },
  };
}
