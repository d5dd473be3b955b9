// Starts `skiff up` as a child process for the benchmarks (so the load
// generator never shares the server's event loop) and reads its memory use.
import { spawn } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspectorUrl } from './inspector.js';
import { skiffSpawn } from '../../src/cli/node-flags.js';

export class SkiffStartError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SkiffStartError';
  }
}

export interface SkiffOptions {
  /** Path of bin/skiff. */
  bin: string;
  /** `--datastore` spec; undefined = the default (sqlite in the data dir). */
  datastore?: string;
  /** Directory for a V8 CPU profile of the server (node --cpu-prof), written when it exits. */
  cpuProfDir?: string;
  /** More node flags for the server (e.g. --trace-gc), after bin/skiff's own. */
  nodeFlags?: string[];
  /** Append everything the server prints to this file too (logs() keeps only the last few KB). */
  logFile?: string;
  /** Start the node inspector on a random loopback port (see inspector.ts). */
  inspect?: boolean;
  timeoutMs?: number;
  /** Run the scheduler even without the node side (e.g. with simulated nodes). */
  scheduler?: boolean;
  /** More `skiff up` flags (e.g. --simulate-nodes 100). */
  extraArgs?: string[];
  /** Run the controller manager too (off by default: these benchmarks measure the API and the node). */
  controllers?: boolean;
  /**
   * Run the scheduler and the node agent too (real containers), with this
   * `--cluster-cidr`. Off by default: the API benchmarks' pods must never run.
   */
  nodeSide?: { clusterCidr: string };
  /** Runs after the process exited and before the data dir is removed (e.g. cleanupNetwork). */
  afterExit?: (dataDir: string) => Promise<void>;
}

export interface SkiffChild {
  host: string;
  port: number;
  pid: number;
  dataDir: string;
  /** performance.now() just before the process was spawned (phase offsets are logged from here). */
  spawnedAt: number;
  /** The DevTools websocket URL when started with `inspect`. */
  inspectorUrl(): string | undefined;
  /** The last few KB the server printed. */
  logs(): string;
  /** SIGTERM (clean shutdown, so a CPU profile gets written), SIGKILL after 10 s; removes the data dir. */
  stop(): Promise<void>;
}

export async function startSkiff(o: SkiffOptions): Promise<SkiffChild> {
  const dataDir = mkdtempSync(join(tmpdir(), 'skiff-bench-'));
  const nodeArgs = [...(o.nodeFlags ?? []), ...(o.cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${o.cpuProfDir}`] : [])];
  if (o.inspect) nodeArgs.push('--inspect=127.0.0.1:0');
  const args = ['up', '--data-dir', dataDir, '--api-port', '0'];
  // Control plane only unless asked: the API benchmark's pods must never be run (or pulled).
  if (o.nodeSide) args.push('--cluster-cidr', o.nodeSide.clusterCidr);
  else args.push('--disable-agent', ...(o.scheduler ? [] : ['--disable-scheduler']));
  if (!o.controllers) args.push('--disable-controllers');
  if (o.datastore) args.push('--datastore', o.datastore);
  args.push(...(o.extraArgs ?? []));
  const spawnedAt = performance.now();
  const s = skiffSpawn(o.bin, args, nodeArgs);
  const proc = spawn(s.file, s.args, { env: s.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let inspector: string | undefined;
  const keep = (d: Buffer): void => {
    out = (out + d.toString()).slice(-8000);
    inspector ??= inspectorUrl(out);
    if (o.logFile) appendFileSync(o.logFile, d);
  };
  proc.stdout.on('data', keep);
  proc.stderr.on('data', keep);
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  const killOnExit = (): void => void proc.kill('SIGKILL');
  process.once('exit', killOnExit);
  const stop = async (): Promise<void> => {
    if (proc.exitCode === null && proc.signalCode === null) {
      proc.kill('SIGTERM');
      const timer = setTimeout(() => proc.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    process.removeListener('exit', killOnExit);
    if (o.afterExit) await o.afterExit(dataDir);
    rmSync(dataDir, { recursive: true, force: true });
  };
  let port: number;
  try {
    port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new SkiffStartError(`skiff did not start in time:\n${out}`)), o.timeoutMs ?? 60_000);
      proc.stdout.on('data', () => {
        const m = /API server on http:\/\/[^:]+:(\d+)/.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(Number(m[1]));
        }
      });
      proc.once('exit', (code) => {
        clearTimeout(timer);
        reject(new SkiffStartError(`skiff exited with ${code}:\n${out}`));
      });
    });
  } catch (e) {
    await stop();
    throw e;
  }
  return { host: '127.0.0.1', port, pid: proc.pid!, dataDir, spawnedAt, inspectorUrl: () => inspector, logs: () => out, stop };
}

export interface Memory {
  /** Resident set size now, MB. */
  rssMb: number;
  /** Peak resident set size so far, MB. */
  hwmMb: number;
}

/** VmRSS and VmHWM of a process, from /proc/<pid>/status. */
export function processMemory(pid: number): Memory {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string): number => {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
    return m ? Number(m[1]) : NaN;
  };
  return { rssMb: kb('VmRSS') / 1024, hwmMb: kb('VmHWM') / 1024 };
}
