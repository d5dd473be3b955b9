// Describes the machine a benchmark ran on, and runs etcd's own `etcdctl check perf`.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg, release } from 'node:os';

export interface Machine {
  cpus: number;
  model: string;
  memoryGb: number;
  kernel: string;
  node: string;
  date: string;
  /** 1-minute load average when the run started (other work on the machine skews results). */
  loadBefore: number;
}

export function describeMachine(now = new Date()): Machine {
  let model = 'unknown';
  let memoryGb = NaN;
  try {
    model = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1].trim() ?? model;
    const kb = /^MemTotal:\s+(\d+) kB/m.exec(readFileSync('/proc/meminfo', 'utf8'))?.[1];
    if (kb) memoryGb = Number(kb) / 1024 / 1024;
  } catch {
    // not Linux: leave the defaults
  }
  return { cpus: availableParallelism(), model, memoryGb, kernel: release(), node: process.version, date: now.toISOString(), loadBefore: loadavg()[0] };
}

export function machineLine(m: Machine): string {
  return (
    `${m.cpus} CPUs (${m.model}), ${m.memoryGb.toFixed(1)} GB RAM, Linux ${m.kernel}, Node ${m.node}; ${m.date}; ` +
    `1-min load average ${m.loadBefore.toFixed(2)} at the start, ${loadavg()[0].toFixed(2)} at the end`
  );
}

export interface CheckPerf {
  /** The PASS/FAIL lines etcdctl printed (throughput, slowest request, stddev, overall). */
  lines: string[];
  ok: boolean;
}

/** Runs `etcdctl check perf` (about a minute with the default "s" load) against one endpoint. */
export function etcdctlCheckPerf(endpoint: string, load = 's'): Promise<CheckPerf> {
  return new Promise((resolve) => {
    const env = { ...process.env, ETCDCTL_API: '3' };
    const child = spawn('etcdctl', [`--endpoints=http://${endpoint}`, 'check', 'perf', `--load=${load}`], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', (e) => resolve({ lines: [`etcdctl could not run: ${e.message}`], ok: false }));
    child.on('exit', (code) => {
      // Drop the progress bar (which the first verdict may follow without a newline); keep the verdicts.
      const lines = [...out.matchAll(/(?:PASS|FAIL|Error)\b[^\r\n]*/g)].map((m) => m[0].trim());
      resolve({ lines: lines.length ? lines : [out.trim().slice(-500)], ok: code === 0 });
    });
  });
}
