// Renders the pod benchmark's results as one markdown table with the issue's
// targets and whether each is met.
import type { BurstFloorResult, FloorResult } from './floor.js';
import type { PodmanResult } from './podman.js';
import type { StartupSummary } from './pod-startup.js';
import { fmtMs } from './stats.js';

export interface MemoryFigures {
  rssMb: number;
  /** After a full GC through the inspector: RSS and live JS heap. */
  gc?: { rssMb: number; heapMb: number };
}

export interface PodsResults {
  single: StartupSummary;
  burst: StartupSummary;
  /** CPU the skiff process used during the burst, and the children it waited for. */
  /** mainMs: its main thread (API server and agent); workerMs: its busiest other thread (scheduler and controller manager). */
  burstCpu?: { selfMs: number; childrenMs: number; mainMs?: number; workerMs?: number };
  podman?: PodmanResult;
  podmanError?: string;
  floor?: FloorResult;
  floorError?: string;
  /** The same parts for a whole burst at once, at each concurrency tried. */
  burstFloor?: BurstFloorResult[];
  /** skiff with --disable-agent --disable-scheduler. */
  controlPlane: { idle: MemoryFigures; pending: MemoryFigures; pendingPods: number };
  /** skiff with the scheduler and the agent. */
  node: { idle: MemoryFigures; running: MemoryFigures; runningPods: number; conmons: number; conmonMb: number };
  cleanup: { ok: boolean; detail: string };
}

const mark = (ok: boolean): string => (ok ? ' ✓' : ' ✗');
const mb = (x: number): string => `${Math.round(x)} MB`;
const sec = (ms: number): string => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${fmtMs(ms)} ms`);
const heap = (m: MemoryFigures): string => (m.gc ? mb(m.gc.heapMb) : 'n/a');
const gcPair = (a: MemoryFigures, b: MemoryFigures): string =>
  a.gc && b.gc ? `${mb(a.gc.rssMb)} / ${mb(b.gc.rssMb)} (Δ ${mb(b.gc.rssMb - a.gc.rssMb)})` : 'no GC figures';

export function podsTable(r: PodsResults): string {
  const s = r.single;
  const b = r.burst;
  const cp = r.controlPlane;
  const n = r.node;
  const idleDelta = n.idle.rssMb - cp.idle.rssMb;
  const podsDelta = n.running.rssMb - cp.pending.rssMb;
  const podsBudget = 60 + n.runningPods;
  const rows: Array<[string, string, string]> = [
    [`one pod at a time: create → Running p50 / p90 / max (${s.count} pods)`, 'p50 ≤ 150 ms', `${sec(s.running.p50)} / ${sec(s.running.p90)} / ${sec(s.running.max)}` + mark(s.running.p50 <= 150)],
    ['… of which: create acknowledged / bound / first agent status, p50', '', `${sec(s.createAck.p50)} / ${sec(s.bound.p50)} / ${sec(s.agentStatus.p50)}`],
    [`burst of ${b.count}: create → Running p50 / p99 / max`, 'p99 ≤ 2 s', `${sec(b.running.p50)} / ${sec(b.running.p99)} / ${sec(b.running.max)}` + mark(b.running.p99 <= 2000)],
    [`burst of ${b.count}: pods Running per second (first create to last Running)`, '≥ 20 pods/s', `${b.perSec.toFixed(1)} (${sec(b.wallMs)})` + mark(b.perSec >= 20)],
    ['burst: create acknowledged / bound / first agent status, p50 / p99', '', `${sec(b.createAck.p50)} / ${sec(b.createAck.p99)}; ${sec(b.bound.p50)} / ${sec(b.bound.p99)}; ${sec(b.agentStatus.p50)} / ${sec(b.agentStatus.p99)}`],
    [
      'burst: CPU per pod in the skiff process / in the commands it ran and waited for',
      '',
      r.burstCpu ? `${sec(r.burstCpu.selfMs / b.count)} / ${sec(r.burstCpu.childrenMs / b.count)}` : 'n/a',
    ],
    ...(r.burstCpu?.mainMs !== undefined
      ? [[
          'burst: the skiff process\'s CPU per pod by thread: main (API server, agent) / worker (scheduler, controller manager) / the rest (V8, libuv)',
          '',
          `${sec(r.burstCpu.mainMs / b.count)} / ${sec((r.burstCpu.workerMs ?? 0) / b.count)} / ${sec((r.burstCpu.selfMs - r.burstCpu.mainMs - (r.burstCpu.workerMs ?? 0)) / b.count)}`,
        ] as [string, string, string]]
      : []),
    [
      r.podman ? `podman ${r.podman.version} \`kube play\`, one pod: p50 / max (${r.podman.runs} runs)` : 'podman `kube play`, one pod',
      'reference',
      r.podman ? `${sec(r.podman.play.p50)} / ${sec(r.podman.play.max)}` : `not measured: ${r.podmanError ?? 'skipped'}`,
    ],
    [
      r.floor ? `floor: netns + CNI ADD + \`runc run -d\`, p50 (${r.floor.iterations} runs)` : 'floor: netns + CNI ADD + `runc run -d`',
      'reference',
      r.floor ? `${sec(r.floor.total.p50)} (netns ${sec(r.floor.netns.p50)}, CNI ${sec(r.floor.cniAdd.p50)}, runc ${sec(r.floor.runcRun.p50)})` : `not measured: ${r.floorError ?? 'skipped'}`,
    ],
    ...(r.burstFloor ?? []).map((f): [string, string, string] => [
      `floor for a burst: ${f.pods} × (netns + CNI ADD + \`runc run -d\`), ${f.concurrency} at a time: ready p50 / p99; pods/s`,
      'reference',
      `${sec(f.ready.p50)} / ${sec(f.ready.p99)}; ${f.podsPerSec.toFixed(1)}`,
    ]),
    [
      'skiff RSS idle: control plane only / with scheduler + agent (Δ); the same after a full GC',
      'agent ≤ 60 MB',
      `${mb(cp.idle.rssMb)} / ${mb(n.idle.rssMb)} (Δ ${mb(idleDelta)}); ${gcPair(cp.idle, n.idle)}` + mark(idleDelta <= 60),
    ],
    [
      `skiff RSS holding ${n.runningPods} pods: control plane only (pods Pending) / with the agent (pods Running) (Δ); the same after a full GC`,
      `agent ≤ ${podsBudget} MB`,
      `${mb(cp.pending.rssMb)} / ${mb(n.running.rssMb)} (Δ ${mb(podsDelta)}); ${gcPair(cp.pending, n.running)}` + mark(podsDelta <= podsBudget),
    ],
    [
      'live JS heap after a full GC: control plane idle / with pods; agent idle / with pods',
      '',
      `${heap(cp.idle)} / ${heap(cp.pending)}; ${heap(n.idle)} / ${heap(n.running)}`,
    ],
    [`conmon processes with ${n.runningPods} pods (outside skiff): count / total RSS`, '', `${n.conmons} / ${mb(n.conmonMb)}`],
    ['everything cleaned up', '', r.cleanup.ok ? 'yes' : `NO: ${r.cleanup.detail}`],
  ];
  return ['| metric | target | result |', '| --- | --- | ---: |', ...rows.map(([m, t, v]) => `| ${m} | ${t} | ${v} |`)].join('\n');
}
