// The agent's resource stats (kubelet's /stats/summary, the part metrics-server
// reads): per node, pod and container, current CPU in nanocores — the rate of
// the cgroup CPU counters (cpuacct.usage on v1 and hybrid hosts, cpu.stat
// usage_usec on v2) between two samples — and the memory working set.
// Containers are read through the runtime (its containerStats reads their
// cgroups); the node from the root cgroup of the detected layout.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RuntimeService } from '../../cri/types.js';
import type { CgroupMode } from '../../runtime/host.js';
import { CGROUP_ROOT, parseFlatKeyed, workingSet } from '../../runtime/stats.js';
import { LABEL_CONTAINER_NAME, LABEL_POD_NAME, LABEL_POD_NAMESPACE, LABEL_POD_UID } from './lookup.js';

export interface CpuStats {
  time: string;
  usageNanoCores?: number;
  usageCoreNanoSeconds: number;
}

export interface MemoryStats {
  time: string;
  workingSetBytes: number;
}

export interface ContainerSummary {
  name: string;
  cpu: CpuStats;
  memory: MemoryStats;
}

export interface PodSummary {
  podRef: { name: string; namespace: string; uid: string };
  containers: ContainerSummary[];
  cpu: CpuStats;
  memory: MemoryStats;
}

export interface Summary {
  node: { nodeName: string; cpu: CpuStats; memory: MemoryStats };
  pods: PodSummary[];
}

export interface StatsOptions {
  runtime: RuntimeService;
  nodeName?: string;
  /** Host cgroup layout (detected by the caller, e.g. with detectCgroupMode()). */
  cgroupMode: CgroupMode;
  /** Where the cgroup hierarchies are mounted (default /sys/fs/cgroup). */
  cgroupRoot?: string;
  /** Where /proc is (default /proc), for node memory on v2 hosts. */
  procRoot?: string;
  /** How long to wait for a second sample when a counter has none yet (default 250 ms). */
  firstWindowMs?: number;
  /** Clock in ms (tests). */
  now?: () => number;
}

interface Point {
  t: number;
  v: number;
}

/** Rates of monotonic counters, from the last sample at least `minGapMs` old. */
export class CounterRates {
  private readonly last = new Map<string, { point: Point; rate?: number }>();

  constructor(private readonly minGapMs = 100) {}

  /** Records `value` (ns of CPU) at `tMs`; returns the rate in nanocores, or undefined with no earlier sample. */
  sample(key: string, tMs: number, value: number): number | undefined {
    const prev = this.last.get(key);
    if (!prev || value < prev.point.v) {
      this.last.set(key, { point: { t: tMs, v: value } });
      return undefined;
    }
    const dt = tMs - prev.point.t;
    if (dt < this.minGapMs) return prev.rate;
    const rate = Math.round(((value - prev.point.v) * 1000) / dt);
    this.last.set(key, { point: { t: tMs, v: value }, rate });
    return rate;
  }

  /** Forgets counters not seen in `keep`. */
  retain(keep: Set<string>): void {
    for (const k of this.last.keys()) if (!keep.has(k)) this.last.delete(k);
  }
}

async function readText(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** The node's total CPU time (ns) and memory working set (bytes) from the root cgroup. */
export async function nodeUsage(mode: CgroupMode, root = CGROUP_ROOT, procRoot = '/proc'): Promise<{ cpuNs: number; workingSetBytes: number }> {
  let cpuNs: number;
  let ws: number;
  if (mode === 'v2') {
    const usec = parseFlatKeyed(await readText(join(root, 'cpu.stat'))).get('usage_usec');
    cpuNs = usec !== undefined ? usec * 1000 : await procStatCpuNs(procRoot);
    const mem = parseMeminfo(await readText(join(procRoot, 'meminfo')));
    ws = workingSet((mem.get('MemTotal') ?? 0) - (mem.get('MemFree') ?? 0), mem.get('Inactive(file)') ?? 0);
  } else {
    cpuNs = Number((await readText(join(root, 'cpuacct', 'cpuacct.usage')))?.trim() ?? NaN);
    if (!Number.isFinite(cpuNs)) cpuNs = await procStatCpuNs(procRoot);
    const usage = Number((await readText(join(root, 'memory', 'memory.usage_in_bytes')))?.trim() ?? 0) || 0;
    const stat = parseFlatKeyed(await readText(join(root, 'memory', 'memory.stat')));
    ws = workingSet(usage, stat.get('total_inactive_file') ?? 0);
  }
  return { cpuNs, workingSetBytes: ws };
}

/** /proc/meminfo in bytes. */
export function parseMeminfo(text: string | undefined): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of (text ?? '').split('\n')) {
    const m = /^([^:]+):\s+(\d+)(?:\s+kB)?/.exec(line);
    if (m) out.set(m[1], Number(m[2]) * (line.includes('kB') ? 1024 : 1));
  }
  return out;
}

/** Busy CPU time from /proc/stat (USER_HZ = 100), when the root cgroup has no counter. */
async function procStatCpuNs(procRoot: string): Promise<number> {
  const line = ((await readText(join(procRoot, 'stat'))) ?? '').split('\n').find((l) => l.startsWith('cpu '));
  if (!line) return 0;
  const f = line.trim().split(/\s+/).slice(1).map(Number);
  const busy = f.reduce((a, b) => a + b, 0) - (f[3] ?? 0) - (f[4] ?? 0);
  return busy * 1e7;
}

interface Raw {
  key: string;
  ns: string;
  pod: string;
  uid: string;
  container: string;
  cpuNs: number;
  ws: number;
}

export class StatsProvider {
  private readonly rates = new CounterRates();
  private readonly now: () => number;

  constructor(private readonly o: StatsOptions) {
    this.now = o.now ?? Date.now;
  }

  private async sample(): Promise<{ t: number; node: { cpuNs: number; workingSetBytes: number }; containers: Raw[] }> {
    const list = (await this.o.runtime.listContainers()).filter((c) => c.state === 'CONTAINER_RUNNING');
    const containers: Raw[] = [];
    await Promise.all(
      list.map(async (c) => {
        try {
          const s = await this.o.runtime.containerStats(c.id);
          containers.push({
            key: c.id, ns: c.labels[LABEL_POD_NAMESPACE] ?? '', pod: c.labels[LABEL_POD_NAME] ?? '', uid: c.labels[LABEL_POD_UID] ?? '',
            container: c.labels[LABEL_CONTAINER_NAME] ?? c.metadata.name, cpuNs: s.cpuUsageCoreNanoSeconds, ws: s.memoryWorkingSetBytes,
          });
        } catch {
          /* gone between list and stats */
        }
      }),
    );
    const node = await nodeUsage(this.o.cgroupMode, this.o.cgroupRoot, this.o.procRoot);
    return { t: this.now(), node, containers };
  }

  private rateAll(s: Awaited<ReturnType<StatsProvider['sample']>>): Map<string, number | undefined> {
    const out = new Map<string, number | undefined>();
    out.set('node', this.rates.sample('node', s.t, s.node.cpuNs));
    for (const c of s.containers) out.set(c.key, this.rates.sample(c.key, s.t, c.cpuNs));
    return out;
  }

  async summary(): Promise<Summary> {
    let s = await this.sample();
    let rates = this.rateAll(s);
    if ([...rates.values()].some((r) => r === undefined)) {
      await new Promise((r) => setTimeout(r, this.o.firstWindowMs ?? 250));
      s = await this.sample();
      rates = this.rateAll(s);
    }
    this.rates.retain(new Set(['node', ...s.containers.map((c) => c.key)]));
    const time = new Date(s.t).toISOString();
    const cpu = (ns: number, rate: number | undefined): CpuStats => ({ time, usageCoreNanoSeconds: ns, ...(rate !== undefined ? { usageNanoCores: rate } : {}) });
    const pods = new Map<string, PodSummary>();
    for (const c of s.containers.sort((a, b) => a.container.localeCompare(b.container))) {
      const id = `${c.ns}/${c.pod}/${c.uid}`;
      let p = pods.get(id);
      if (!p) {
        p = { podRef: { name: c.pod, namespace: c.ns, uid: c.uid }, containers: [], cpu: cpu(0, 0), memory: { time, workingSetBytes: 0 } };
        pods.set(id, p);
      }
      const rate = rates.get(c.key);
      p.containers.push({ name: c.container, cpu: cpu(c.cpuNs, rate), memory: { time, workingSetBytes: c.ws } });
      p.cpu.usageCoreNanoSeconds += c.cpuNs;
      p.cpu.usageNanoCores = (p.cpu.usageNanoCores ?? 0) + (rate ?? 0);
      p.memory.workingSetBytes += c.ws;
    }
    return {
      node: { nodeName: this.o.nodeName ?? '', cpu: cpu(s.node.cpuNs, rates.get('node')), memory: { time, workingSetBytes: s.node.workingSetBytes } },
      pods: [...pods.values()],
    };
  }
}

/** Answers `GET /stats/summary`; resolves false for any other path. */
export async function serveStatsSummary(
  stats: StatsProvider,
  req: import('node:http').IncomingMessage,
  res: import('node:http').ServerResponse,
  log: (line: string) => void = () => {},
): Promise<boolean> {
  const path = new URL(req.url ?? '/', 'http://agent').pathname.replace(/\/+$/, '');
  if (path !== '/stats/summary') return false;
  if (req.method !== 'GET') {
    res.writeHead(405, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end('method not allowed');
    return true;
  }
  try {
    const body = JSON.stringify(await stats.summary());
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
    res.end(body);
  } catch (e) {
    log(`agent: stats: ${(e as Error).stack ?? String(e)}`);
    res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end((e as Error).message);
  }
  return true;
}
