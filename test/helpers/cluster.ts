// Test harness: runs the real `skiff up` (compiled) as a child process on a
// random loopback port with its own data dir, and the real kubectl against it.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (tests run from dist/test/helpers). */
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const SKIFF_BIN = join(ROOT, 'bin', 'skiff');

export interface Cluster {
  url: string;
  port: number;
  kubeconfig: string;
  dataDir: string;
  proc: ChildProcess;
  /** Output of the server so far (for debugging failed tests). */
  logs(): string;
  /** SIGTERM and wait for exit. */
  stop(): Promise<number | null>;
  /** SIGKILL and wait. */
  kill9(): Promise<void>;
  /** Removes the data dir (after stop). */
  cleanup(): void;
}

export interface StartOptions {
  dataDir?: string;
  datastore?: string;
  port?: number;
  timeoutMs?: number;
  /**
   * Run the node agent (real containers). Off by default: API tests must not
   * make the agent pull images from the internet.
   */
  agent?: boolean;
  /** Run the scheduler (off by default for API-only tests). */
  scheduler?: boolean;
  /** Run the controller manager (off by default so API tests see only what they create). */
  controllers?: boolean;
  /** Extra `skiff up` flags. */
  args?: string[];
}

export async function startSkiff(o: StartOptions = {}): Promise<Cluster> {
  const dataDir = o.dataDir ?? mkdtempSync(join(tmpdir(), 'skiff-test-'));
  const args = [SKIFF_BIN, 'up', '--data-dir', dataDir, '--api-port', String(o.port ?? 0)];
  if (o.datastore) args.push('--datastore', o.datastore);
  if (!o.agent) args.push('--disable-agent');
  if (!o.scheduler) args.push('--disable-scheduler');
  if (!o.controllers) args.push('--disable-controllers');
  args.push(...(o.args ?? []));
  const proc = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  proc.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`skiff did not start in time:\n${out}`)), o.timeoutMs ?? 30000);
    const check = (): void => {
      const m = /API server on http:\/\/[^:]+:(\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    };
    proc.stdout!.on('data', check);
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`skiff exited with ${code}:\n${out}`));
    });
  });
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    port,
    kubeconfig: join(dataDir, 'kubeconfig.yaml'),
    dataDir,
    proc,
    logs: () => out,
    async stop() {
      if (proc.exitCode !== null || proc.signalCode !== null) return proc.exitCode;
      proc.kill('SIGTERM');
      return exited;
    },
    async kill9() {
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      proc.kill('SIGKILL');
      await exited;
    },
    cleanup() {
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Path of a kubectl: the one on PATH, or `kubectl.1.28` etc. from the Google Cloud SDK beside it. */
export function kubectlBinary(version?: string): string | undefined {
  const onPath = spawnSync('sh', ['-c', 'readlink -f "$(command -v kubectl)"'], { encoding: 'utf8' }).stdout.trim();
  if (!version) return onPath || undefined;
  const candidate = join(dirname(onPath), `kubectl.${version}`);
  return existsSync(candidate) ? candidate : undefined;
}

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function kubectl(c: Pick<Cluster, 'kubeconfig'>, args: string[], o: { input?: string; bin?: string; timeoutMs?: number } = {}): RunResult {
  const r = spawnSync(o.bin ?? 'kubectl', args, {
    encoding: 'utf8',
    input: o.input,
    env: { ...process.env, KUBECONFIG: c.kubeconfig, KUBECACHEDIR: join(dirname(c.kubeconfig), 'kubecache') },
    timeout: o.timeoutMs ?? 60000,
  });
  return { code: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

/** kubectl that must succeed; returns stdout. */
export function kubectlOk(c: Pick<Cluster, 'kubeconfig'>, args: string[], o: { input?: string; bin?: string } = {}): string {
  const r = kubectl(c, args, o);
  if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')} failed (${r.code}):\n${r.stderr}${r.stdout}`);
  return r.stdout;
}
