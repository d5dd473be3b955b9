// Test harness: runs the real `skiff up` (compiled) as a child process on a
// random loopback port with its own data dir, and the real kubectl against it.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before } from 'node:test';
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

/**
 * A node agent programs host-wide state for its service layer (service IPs,
 * the DNS address, ingress ports): unless a test chose its own, each cluster
 * gets a service CIDR of its own (a /24 in 172.16.0.0/12 derived from the
 * data dir, so a restart keeps it) and ephemeral ingress ports.
 */
export function nodeNetworkArgs(dataDir: string, given: string[]): string[] {
  const out: string[] = [];
  if (!given.includes('--service-cidr')) {
    const h = createHash('sha256').update(dataDir).digest();
    out.push('--service-cidr', `172.${16 + (h[0]! % 16)}.${h[1]}.0/24`);
  }
  if (!given.includes('--ingress-http-port')) out.push('--ingress-http-port', '0');
  if (!given.includes('--ingress-https-port')) out.push('--ingress-https-port', '0');
  return out;
}

export async function startSkiff(o: StartOptions = {}): Promise<Cluster> {
  const dataDir = o.dataDir ?? mkdtempSync(join(tmpdir(), 'skiff-test-'));
  const args = ['up', '--data-dir', dataDir, '--api-port', String(o.port ?? 0)];
  if (o.datastore) args.push('--datastore', o.datastore);
  if (!o.agent) args.push('--disable-agent');
  if (!o.scheduler) args.push('--disable-scheduler');
  if (!o.controllers) args.push('--disable-controllers');
  if (o.agent) args.push(...nodeNetworkArgs(dataDir, o.args ?? []));
  args.push(...(o.args ?? []));
  const proc = spawn(SKIFF_BIN, args, { stdio: ['ignore', 'pipe', 'pipe'] });
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
  }).catch(async (e: unknown) => {
    // Leave nothing behind when the server never came up: no process, no data dir of ours.
    if (proc.exitCode === null && proc.signalCode === null) {
      proc.kill('SIGKILL');
      await exited;
    }
    if (!o.dataDir) rmSync(dataDir, { recursive: true, force: true });
    throw e;
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

/** A getter for a cluster that a hook starts later (see useSkiff). */
export type ClusterRef = () => Cluster;

/** What useSkiff returns: the getter, and a promise of the cluster for other `before` hooks. */
export interface SkiffRef extends ClusterRef {
  /**
   * Settles when useSkiff's `before` hook has started the cluster (or failed
   * to). Node 20 runs file-level `before` hooks at once, side by side, as they
   * are registered, so a file-level hook that needs the cluster awaits this.
   * Hooks inside a `describe` run one after the other and can call the getter.
   */
  started: Promise<Cluster>;
}

/**
 * Starts a cluster in a node:test `before` hook of the current suite (or file)
 * and stops it and removes its data dir in an `after` hook. Returns a getter
 * for the cluster, usable from tests and later hooks. `after` hooks run in the
 * order they are registered: one that must run while the cluster is still up
 * is registered before calling this.
 */
export function useSkiff(o: StartOptions = {}): SkiffRef {
  let cluster: Cluster | undefined;
  let settle!: { resolve(c: Cluster): void; reject(e: unknown): void };
  const started = new Promise<Cluster>((resolve, reject) => (settle = { resolve, reject }));
  started.catch(() => {}); // the before hook reports the failure; nobody need await this
  before(async () => {
    try {
      cluster = await startSkiff(o);
      settle.resolve(cluster);
    } catch (e) {
      settle.reject(e);
      throw e;
    }
  });
  after(async () => {
    await cluster?.stop();
    cluster?.cleanup();
  });
  const get = (): Cluster => {
    if (!cluster) throw new Error('the cluster is not started: use it from a test, or await .started in a file-level before hook');
    return cluster;
  };
  return Object.assign(get, { started });
}

/** Polls `fn` until it returns something other than undefined/false; on timeout, throws with the skiff log tail. */
export async function waitFor<T>(c: ClusterRef, what: string | (() => string), fn: () => T | undefined | false, timeoutMs = 30000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = fn();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${typeof what === 'string' ? what : what()}\n--- skiff log tail ---\n${c().logs().slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
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

/** `kubectl ARGS -o json` that must succeed, parsed. */
export function kubectlJson<T = any>(c: Pick<Cluster, 'kubeconfig'>, args: string[]): T {
  return JSON.parse(kubectlOk(c, [...args, '-o', 'json'])) as T;
}

/** `kubectl ARGS -o json` parsed, or undefined when kubectl fails (for instance NotFound). */
export function kubectlJsonIfFound<T = any>(c: Pick<Cluster, 'kubeconfig'>, args: string[]): T | undefined {
  const r = kubectl(c, [...args, '-o', 'json']);
  return r.code === 0 ? (JSON.parse(r.stdout) as T) : undefined;
}
