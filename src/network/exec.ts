// Runs a host command with optional stdin, capturing stdout/stderr, with a
// timeout. Used for CNI plugins, `ip` and `iptables`.
import { spawn } from 'node:child_process';
import { CommandError } from './errors.js';

export interface RunOptions {
  input?: string;
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
}

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `cmd args…` and resolves with its exit code and output (never rejects on non-zero exit). */
export function runCommand(cmd: string, args: string[], opts: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env: opts.env ?? process.env, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, opts.timeoutMs ?? 60_000);
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.stdin.on('error', () => {}); // the child may exit before reading stdin
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(new CommandError(cmd, null, '', e.message));
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      const stderr = Buffer.concat(err).toString();
      if (timedOut) reject(new CommandError(cmd, null, stderr, `timed out after ${opts.timeoutMs ?? 60_000}ms`));
      else resolve({ code, stdout: Buffer.concat(out).toString(), stderr });
    });
    child.stdin.end(opts.input ?? '');
  });
}

/** Runs a command and returns its stdout; rejects with CommandError on a non-zero exit. */
export async function run(cmd: string, args: string[], opts: RunOptions = {}): Promise<string> {
  const r = await runCommand(cmd, args, opts);
  if (r.code !== 0) throw new CommandError(`${cmd} ${args.join(' ')}`, r.code, r.stderr);
  return r.stdout;
}
