// Creates/s and latency percentiles through the API server with `wrk` (a C
// load generator, Debian package wrk) instead of a Node client, so that on a
// 2-core machine the load generator takes less of the CPU the server needs.
// Run: node dist/bench/wrk-creates.js [--clients=50] [--seconds=5] [--runs=3] [--cpu-prof-dir=DIR] [--node-flags='--trace-gc …'] [--server-log=FILE]
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeMachine, machineLine } from './lib/machine.js';
import { podManifest, CREATE_QUERY } from './lib/pod.js';
import { startSkiff } from './lib/skiff-process.js';

const arg = (name: string, dflt: number): number => {
  const a = process.argv.find((x) => x.startsWith(`--${name}=`));
  return a ? Number(a.split('=')[1]) : dflt;
};

/** A wrk script POSTing the benchmark pod under unique names. */
function luaScript(namespace: string): string {
  const body = podManifest('NAME', namespace).replace(/"/g, '\\"');
  return `math.randomseed(os.time())
local counter = 0
local prefix = "w" .. math.random(1, 1000000000) .. "-"
request = function()
  counter = counter + 1
  local body = string.gsub("${body}", "NAME", prefix .. counter)
  return wrk.format("POST", "/api/v1/namespaces/${namespace}/pods${CREATE_QUERY}", {["Content-Type"]="application/json"}, body)
end
`;
}

interface WrkResult {
  rps: number;
  p50: string;
  p90: string;
  p99: string;
  errors: number;
}

/** Runs wrk without blocking this process's event loop, which must keep draining the server's output pipes. */
async function runWrk(url: string, script: string, clients: number, seconds: number): Promise<WrkResult> {
  const p = spawn('wrk', ['-t1', `-c${clients}`, `-d${seconds}s`, '--latency', '-s', script, url]);
  let stdout = '';
  let stderr = '';
  p.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const status = await new Promise<number | null>((resolve) => p.once('close', resolve));
  const r = { status, stdout, stderr };
  if (r.status !== 0) throw new Error(`wrk failed: ${r.stderr}`);
  const pick = (re: RegExp): string => re.exec(r.stdout)?.[1] ?? '?';
  return {
    rps: Number(pick(/Requests\/sec:\s+([\d.]+)/)),
    p50: pick(/^\s+50%\s+(\S+)/m),
    p90: pick(/^\s+90%\s+(\S+)/m),
    p99: pick(/^\s+99%\s+(\S+)/m),
    errors: Number(/Non-2xx or 3xx responses: (\d+)/.exec(r.stdout)?.[1] ?? 0),
  };
}

async function main(): Promise<void> {
  if (spawnSync('wrk', ['--version']).error) {
    console.error('wrk is not installed (apt-get install wrk)');
    process.exit(1);
  }
  const clients = arg('clients', 50);
  const seconds = arg('seconds', 5);
  const runs = arg('runs', 3);
  const cpuProfDir = process.argv.find((x) => x.startsWith('--cpu-prof-dir='))?.split('=')[1];
  const nodeFlags = process.argv.find((x) => x.startsWith('--node-flags='))?.slice('--node-flags='.length).split(' ').filter(Boolean);
  const logFile = process.argv.find((x) => x.startsWith('--server-log='))?.slice('--server-log='.length);
  const bin = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'bin', 'skiff');
  const dir = mkdtempSync(join(tmpdir(), 'skiff-wrk-'));
  const script = join(dir, 'create.lua');
  writeFileSync(script, luaScript('default'));
  console.log(machineLine(describeMachine()));
  console.log(`| run | clients | creates/s | p50 | p90 | p99 | errors |\n| --- | --- | --- | --- | --- | --- | --- |`);
  try {
    for (let i = 1; i <= runs; i++) {
      const skiff = await startSkiff({ bin, cpuProfDir, nodeFlags, logFile });
      try {
        const url = `http://${skiff.host}:${skiff.port}`;
        await runWrk(url, script, 10, 2); // JIT warm-up
        for (const c of [1, clients]) {
          const w = await runWrk(url, script, c, seconds);
          console.log(`| ${i} | ${c} | ${w.rps.toFixed(0)} | ${w.p50} | ${w.p90} | ${w.p99} | ${w.errors} |`);
        }
      } finally {
        await skiff.stop();
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
