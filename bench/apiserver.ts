// API server benchmark: runs `skiff up` as a child process on sqlite and/or a
// private etcd and measures creates, gets, a full LIST, watch fan-out and RSS,
// plus `etcdctl check perf` against the same etcd as a reference.
// Run: node dist/bench/apiserver.js [--backend sqlite|etcd|both] [--quick] [--runs=N]
//        [--cpu-prof] [--no-inspect] [--no-etcdctl] [--etcdctl-load=s[,m,l,xl]] [--skiff-bin=PATH] [--json=FILE]
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findEtcdBinary, startEtcd, type EtcdServer } from '../src/datastore/testing/etcd-server.js';
import { describeMachine, etcdctlCheckPerf, machineLine, type CheckPerf } from './lib/machine.js';
import { collectGarbage } from './lib/inspector.js';
import { fieldwiseMedian } from './lib/aggregate.js';
import { resultsTable, spreadLines, type Column } from './lib/report.js';
import { FULL, QUICK, runScenario, type Results } from './lib/scenario.js';
import { startSkiff } from './lib/skiff-process.js';

class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const args = process.argv.slice(2);
const opt = (name: string): string | undefined => {
  const i = args.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (i < 0) return undefined;
  return args[i].includes('=') ? args[i].slice(args[i].indexOf('=') + 1) : args[i + 1];
};
const flag = (name: string): boolean => args.includes(`--${name}`);

const quick = flag('quick');
const runCount = Math.max(1, Number(opt('runs') ?? 1));
const plan = quick ? QUICK : FULL;
const backendArg = opt('backend') ?? (findEtcdBinary() ? 'both' : 'sqlite');
if (!['sqlite', 'etcd', 'both'].includes(backendArg)) throw new UsageError(`--backend must be sqlite, etcd or both, not ${backendArg}`);
const backends = backendArg === 'both' ? ['sqlite', 'etcd'] : [backendArg];
const skiffBin = opt('skiff-bin') ?? join(ROOT, 'bin', 'skiff');
const profDir = flag('cpu-prof') ? mkdtempSync(join(tmpdir(), 'skiff-cpuprof-')) : undefined;
const etcdctlLoads = flag('no-etcdctl') ? [] : (opt('etcdctl-load') ?? 's').split(',');
const log = (msg: string): void => void process.stderr.write(`[bench] ${msg}\n`);

interface PerfRun {
  load: string;
  result: CheckPerf;
}

async function runOne(backend: string, run: number, withEtcdctl: boolean): Promise<{ results: Results; perf: PerfRun[] }> {
  let etcd: EtcdServer | undefined;
  try {
    if (backend === 'etcd') {
      etcd = await startEtcd();
      log(`etcd on ${etcd.endpoint}`);
    }
    const cpuProfDir = profDir ? join(profDir, `${backend}-${run}`) : undefined;
    const skiff = await startSkiff({ bin: skiffBin, datastore: etcd ? `etcd://${etcd.endpoint}` : undefined, cpuProfDir, inspect: !flag('no-inspect') });
    log(`${backend} run ${run}: skiff on port ${skiff.port} (pid ${skiff.pid})`);
    let results: Results;
    try {
      const url = skiff.inspectorUrl();
      const gc = url ? () => collectGarbage(url) : undefined;
      results = await runScenario({ host: skiff.host, port: skiff.port }, { pid: skiff.pid, companionPid: etcd?.pid, gc }, plan, (m) => log(`${backend} +${((performance.now() - skiff.spawnedAt) / 1000).toFixed(1)}s: ${m}`));
    } catch (e) {
      log(`${backend}: failed; server output:\n${skiff.logs()}`);
      throw e;
    } finally {
      await skiff.stop();
    }
    if (cpuProfDir) log(`${backend}: CPU profile(s): ${readdirSync(cpuProfDir).map((f) => join(cpuProfDir, f)).join(', ')}`);
    const perf: PerfRun[] = [];
    for (const load of etcd && withEtcdctl ? etcdctlLoads : []) {
      log(`etcdctl check perf --load=${load} (about 60 s)`);
      perf.push({ load, result: await etcdctlCheckPerf(etcd!.endpoint, load) });
    }
    return { results, perf };
  } finally {
    await etcd?.stop();
  }
}

async function main(): Promise<void> {
  const machine = describeMachine();
  const cols: Column[] = [];
  const perf: PerfRun[] = [];
  for (const b of backends) {
    const runs: Results[] = [];
    for (let run = 1; run <= runCount; run++) {
      const r = await runOne(b, run, run === runCount);
      runs.push(r.results);
      perf.push(...r.perf);
    }
    cols.push({ backend: b, results: fieldwiseMedian(runs), runs });
  }
  const out: string[] = [];
  out.push(`## skiff API server benchmark${quick ? ' (--quick)' : ''}`, '');
  out.push(`Machine: ${machineLine(machine)}`, '');
  out.push(`Pods: ~${cols[0].results.podBytes} bytes of JSON each; ${plan.clients} concurrent clients; ${plan.watchers} watchers x ${plan.probes} timed writes.`, '');
  if (runCount > 1) out.push(`Each cell is the median over ${runCount} runs (a fresh server, and etcd, per run); the spread follows the table.`, '');
  out.push(resultsTable(cols, plan.clients, plan.watchers), '');
  if (runCount > 1) out.push(spreadLines(cols), '');
  for (const c of cols) {
    (c.runs ?? [c.results]).forEach((r, i) => {
      for (const [name, l] of Object.entries({ createOne: r.createOne, createMany: r.createMany, getOne: r.getOne, getMany: r.getMany })) {
        if (l.errors) out.push(`${c.backend} run ${i + 1} ${name}: ${l.errors} errors, first: ${l.firstError}`);
      }
    });
  }
  for (const p of perf) out.push(`\`etcdctl check perf --load=${p.load}\` against the same etcd:`, '', ...p.result.lines.map((l) => `    ${l}`), '');
  if (profDir) out.push(`CPU profiles of the server: ${profDir}`, '');
  console.log(out.join('\n'));
  const json = opt('json');
  if (json) writeFileSync(json, JSON.stringify({ machine, plan, columns: cols, etcdctlCheckPerf: perf }, null, 2));
}

await main();
