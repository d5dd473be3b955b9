// Test harness: runs a real, private etcd (Debian's `etcd` binary) on 127.0.0.1 with random
// free client/peer ports (never 2379/2380) and a temporary data dir; removes it on stop().
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export class EtcdStartError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EtcdStartError';
  }
}

export interface EtcdServer {
  /** "127.0.0.1:port", as accepted by EtcdBackend and the `etcd://` spec. */
  readonly endpoint: string;
  readonly clientUrl: string;
  readonly dataDir: string;
  readonly pid: number;
  stop(): Promise<void>;
}

/** The etcd binary to use: $SKIFF_ETCD_BIN or `etcd` on PATH; undefined when absent. */
export function findEtcdBinary(): string | undefined {
  const fromEnv = process.env.SKIFF_ETCD_BIN;
  if (fromEnv) return fromEnv;
  const r = spawnSync('sh', ['-c', 'command -v etcd'], { encoding: 'utf8' });
  const path = r.stdout.trim();
  return r.status === 0 && path ? path : undefined;
}

/** A currently free TCP port on 127.0.0.1 (never etcd's defaults). */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = await new Promise<number>((resolve, reject) => {
      const srv = createServer();
      srv.once('error', reject);
      srv.listen(0, '127.0.0.1', () => {
        const addr = srv.address();
        srv.close(() => resolve(typeof addr === 'object' && addr ? addr.port : 0));
      });
    });
    if (port !== 0 && port !== 2379 && port !== 2380) return port;
  }
}

async function healthy(clientUrl: string): Promise<boolean> {
  try {
    const res = await fetch(`${clientUrl}/health`, { signal: AbortSignal.timeout(1000) });
    const body = (await res.json()) as { health?: string };
    return res.ok && body.health === 'true';
  } catch {
    return false;
  }
}

const running = new Set<ChildProcess>();
let exitHookInstalled = false;
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const child of running) child.kill('SIGKILL');
  });
}

async function startOnce(bin: string, timeoutMs: number): Promise<EtcdServer> {
  const [clientPort, peerPort] = [await freePort(), await freePort()];
  const dataDir = mkdtempSync(join(tmpdir(), 'skiff-etcd-'));
  const clientUrl = `http://127.0.0.1:${clientPort}`;
  const peerUrl = `http://127.0.0.1:${peerPort}`;
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('ETCD_')));
  const child = spawn(
    bin,
    [
      '--name', 'skiff-test',
      '--data-dir', join(dataDir, 'data'),
      '--listen-client-urls', clientUrl,
      '--advertise-client-urls', clientUrl,
      '--listen-peer-urls', peerUrl,
      '--initial-advertise-peer-urls', peerUrl,
      '--initial-cluster', `skiff-test=${peerUrl}`,
      '--initial-cluster-state', 'new',
      '--logger', 'zap',
      '--log-level', 'error',
    ],
    { env, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  running.add(child);
  installExitHook();
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  let exited = false;
  const exitedPromise = new Promise<void>((resolve) => {
    child.once('exit', () => {
      exited = true;
      running.delete(child);
      resolve();
    });
  });
  const stop = async () => {
    if (!exited) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exitedPromise;
      clearTimeout(timer);
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  const deadline = Date.now() + timeoutMs;
  while (!(await healthy(clientUrl))) {
    if (exited || Date.now() > deadline) {
      await stop();
      throw new EtcdStartError(`etcd did not become healthy on ${clientUrl}: ${stderr.trim() || 'no output'}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { endpoint: `127.0.0.1:${clientPort}`, clientUrl, dataDir, pid: child.pid!, stop };
}

/** Starts a private etcd and waits until it is healthy (retrying if a port was taken meanwhile). */
export async function startEtcd(opts: { timeoutMs?: number } = {}): Promise<EtcdServer> {
  const bin = findEtcdBinary();
  if (!bin) throw new EtcdStartError('etcd binary not found (install Debian package etcd-server)');
  let last: Error | undefined;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await startOnce(bin, opts.timeoutMs ?? 30_000);
    } catch (err) {
      last = err as Error;
    }
  }
  throw last!;
}
