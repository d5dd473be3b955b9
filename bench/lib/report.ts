// Renders benchmark results as one markdown table (a column per backend) with
// the issue's targets and whether each is met.
import type { Load, Results } from './scenario.js';
import type { Memory } from './skiff-process.js';
import { fmtMs, type Summary } from './stats.js';

export interface Column {
  backend: string;
  /** The results shown (the field-wise median when there were several runs). */
  results: Results;
  runs?: Results[];
}

interface Row {
  metric: string;
  target: string;
  cell(r: Results): string;
}

const n = (x: number): string => Math.round(x).toLocaleString('en-US');
const mb = (m: Memory | undefined): string => (m ? `${Math.round(m.rssMb)} MB` : 'n/a');
const mark = (ok: boolean): string => (ok ? ' ✓' : ' ✗');
const lat = (s: Summary): string => `${fmtMs(s.p50)} / ${fmtMs(s.p99)}`;
const errs = (l: Load): string => (l.errors ? ` (${n(l.errors)} errors)` : '');

function rows(clients: number, watchers: number): Row[] {
  return [
    { metric: 'creates/s, 1 client', target: '', cell: (r) => n(r.createOne.perSec) + errs(r.createOne) },
    { metric: 'create latency p50 / p99 (ms), 1 client', target: 'p99 ≤ 10', cell: (r) => lat(r.createOne.latency) + mark(r.createOne.latency.p99 <= 10) },
    { metric: `creates/s, ${clients} clients`, target: '≥ 5,000', cell: (r) => n(r.createMany.perSec) + errs(r.createMany) + mark(r.createMany.perSec >= 5000) },
    { metric: `create latency p50 / p99 (ms), ${clients} clients`, target: 'p99 ≤ 10', cell: (r) => lat(r.createMany.latency) + mark(r.createMany.latency.p99 <= 10) },
    { metric: 'gets/s, 1 client', target: '', cell: (r) => n(r.getOne.perSec) + errs(r.getOne) },
    { metric: 'get latency p50 / p99 (ms), 1 client', target: 'p99 ≤ 10', cell: (r) => lat(r.getOne.latency) + mark(r.getOne.latency.p99 <= 10) },
    { metric: `gets/s, ${clients} clients`, target: '', cell: (r) => n(r.getMany.perSec) + errs(r.getMany) },
    { metric: `get latency p50 / p99 (ms), ${clients} clients`, target: 'p99 ≤ 10', cell: (r) => lat(r.getMany.latency) + mark(r.getMany.latency.p99 <= 10) },
    { metric: 'LIST all pods (JSON): median / max (ms)', target: '≤ 150', cell: (r) => `${fmtMs(r.list.p50)} / ${fmtMs(r.list.max)} (${n(r.pods)} pods, ${r.listMb.toFixed(1)} MB)` + mark(r.list.p50 <= 150) },
    { metric: 'LIST: time to first byte, median (ms)', target: '', cell: (r) => fmtMs(r.listFirstByte.p50) },
    { metric: `open ${n(watchers)} watches (ms)`, target: '', cell: (r) => fmtMs(r.watch.openMs) },
    { metric: 'watch delivery from write start p50 / p99 / max (ms)', target: 'p99 ≤ 50', cell: (r) => `${lat(r.watch.delivery)} / ${fmtMs(r.watch.delivery.max)}` + mark(r.watch.delivery.p99 <= 50 && r.watch.missing === 0) },
    { metric: 'watch delivery after the write\'s ack p50 / p99 (ms)', target: '', cell: (r) => lat(r.watch.afterAck) },
    { metric: 'timed write ack p50 / p99 (ms) / events missed', target: '', cell: (r) => `${lat(r.watch.ack)} / ${n(r.watch.missing)}` },
    { metric: 'RSS idle', target: '≤ 150 MB', cell: (r) => mb(r.idle) + mark(r.idle.rssMb <= 150) },
    { metric: 'idle after a full GC: RSS / live JS heap', target: '', cell: (r) => (r.idleGc ? `${mb(r.idleGc)} / ${Math.round(r.idleGc.usedMb)} MB` : 'n/a') },
    { metric: 'RSS holding all pods', target: '≤ 150 MB', cell: (r) => mb(r.withPods) + mark(r.withPods.rssMb <= 150) },
    { metric: 'holding all pods after a full GC: RSS / live JS heap', target: '', cell: (r) => (r.afterGc ? `${mb(r.afterGc)} / ${Math.round(r.afterGc.usedMb)} MB` : 'n/a') },
    { metric: `RSS with all pods and ${n(watchers)} watches`, target: '', cell: (r) => mb(r.withWatchers) },
    { metric: 'watches closed, after a full GC: RSS / live JS heap', target: '', cell: (r) => (r.afterWatchersGc ? `${mb(r.afterWatchersGc)} / ${Math.round(r.afterWatchersGc.usedMb)} MB` : 'n/a') },
    { metric: 'peak RSS (VmHWM) over the run', target: '', cell: (r) => `${Math.round(r.withWatchers.hwmMb)} MB` },
    { metric: 'etcd RSS holding all pods', target: '', cell: (r) => mb(r.companionWithPods) },
  ];
}

export function resultsTable(cols: Column[], clients: number, watchers: number): string {
  const head = `| metric | target | ${cols.map((c) => c.backend).join(' | ')} |\n| --- | --- | ${cols.map(() => '---:').join(' | ')} |`;
  const body = rows(clients, watchers)
    .filter((row) => cols.some((c) => row.cell(c.results) !== 'n/a'))
    .map((row) => `| ${row.metric} | ${row.target} | ${cols.map((c) => row.cell(c.results)).join(' | ')} |`);
  return [head, ...body].join('\n');
}

/** Per-run values of the headline figures, to show how noisy the machine was. */
export function spreadLines(cols: Column[]): string {
  const figures: Array<[string, (r: Results) => string]> = [
    ['creates/s (many clients)', (r) => n(r.createMany.perSec)],
    ['create p99 ms (many clients)', (r) => fmtMs(r.createMany.latency.p99)],
    ['get p99 ms (many clients)', (r) => fmtMs(r.getMany.latency.p99)],
    ['LIST median ms', (r) => fmtMs(r.list.p50)],
    ['watch delivery p99 ms', (r) => fmtMs(r.watch.delivery.p99)],
    ['RSS with all pods MB', (r) => String(Math.round(r.withPods.rssMb))],
  ];
  const lines: string[] = [];
  for (const c of cols) {
    const runs = c.runs ?? [c.results];
    lines.push(`- ${c.backend}: ${figures.map(([name, f]) => `${name} ${runs.map(f).join(', ')}`).join('; ')}`);
  }
  return lines.join('\n');
}
