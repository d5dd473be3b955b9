// Creates a container through conmon, the per-container monitor CRI-O and
// Podman use. conmon double-forks away from us, runs `<runtime> create`, holds
// the container's stdio (writing the CRI log), and writes the exit code to
// `<exitDir>/<id>` when the container ends. So containers outlive the agent.
import { spawn } from 'node:child_process';
import type { Readable } from 'node:stream';
import { findExecutable } from './host.js';
import { runtimeErrorText } from './util.js';

export class ConmonError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConmonError';
  }
}

export interface ConmonOptions {
  conmonPath?: string;
  id: string;
  name: string;
  runtimePath: string;
  runtimeRoot: string;
  bundle: string;
  /** Directory conmon uses as cwd and persist dir (`exit` and `oom` files). */
  persistDir: string;
  containerPidFile: string;
  conmonPidFile: string;
  logPath: string;
  logSizeMax?: number;
  exitDir: string;
  socketDir: string;
  stdin?: boolean;
  stdinOnce?: boolean;
  terminal?: boolean;
  timeoutMs?: number;
}

export function conmonArgs(o: ConmonOptions): string[] {
  const args = [
    '--api-version',
    '-c', o.id,
    '-u', o.id,
    '-n', o.name,
    '-r', o.runtimePath,
    '--runtime-arg', `--root=${o.runtimeRoot}`,
    '-b', o.bundle,
    '-p', o.containerPidFile,
    '-P', o.conmonPidFile,
    '-l', `k8s-file:${o.logPath}`,
    '--exit-dir', o.exitDir,
    '--socket-dir-path', o.socketDir,
    '--persist-dir', o.persistDir,
    '--log-level', 'error',
  ];
  if (o.logSizeMax !== undefined && o.logSizeMax > 0) args.push('--log-size-max', String(o.logSizeMax));
  if (o.terminal) args.push('-t');
  else if (o.stdin) {
    args.push('-i');
    if (!o.stdinOnce) args.push('--leave-stdin-open');
  }
  return args;
}

/** Runs conmon and waits until `<runtime> create` is done; returns the container's pid. */
export function createWithConmon(o: ConmonOptions): Promise<number> {
  const conmon = o.conmonPath ?? findExecutable('conmon');
  if (!conmon) return Promise.reject(new ConmonError('conmon is not installed'));
  return new Promise((resolve, reject) => {
    const child = spawn(conmon, conmonArgs(o), {
      cwd: o.persistDir,
      env: { ...process.env, _OCI_SYNCPIPE: '3' },
      stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
      detached: true,
    });
    const sync = child.stdio[3] as Readable;
    let buf = '';
    let stderr = '';
    let done = false;
    const timer = setTimeout(() => finish(new ConmonError(`conmon for ${o.id} did not report within ${o.timeoutMs ?? 30000}ms`)), o.timeoutMs ?? 30000);
    const finish = (err?: Error, pid?: number) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      sync.destroy();
      child.stderr?.destroy();
      child.unref();
      if (err) reject(err);
      else resolve(pid!);
    };
    child.stderr!.on('data', (b: Buffer) => (stderr += b.toString()));
    child.on('error', (e) => finish(new ConmonError(`conmon: ${e.message}`)));
    sync.on('error', () => {});
    sync.on('data', (b: Buffer) => {
      buf += b.toString();
      const nl = buf.indexOf('\n');
      if (nl < 0) return;
      let msg: { data?: number; pid?: number; message?: string };
      try {
        msg = JSON.parse(buf.slice(0, nl));
      } catch {
        return finish(new ConmonError(`conmon sent ${JSON.stringify(buf.slice(0, nl))}`));
      }
      const pid = msg.data ?? msg.pid ?? -1;
      if (pid <= 0) return finish(new ConmonError(`container create failed: ${runtimeErrorText(msg.message ?? '') || `code ${pid}`}`));
      finish(undefined, pid);
    });
    sync.on('end', () => finish(new ConmonError(`conmon exited before creating ${o.id}: ${stderr.trim() || 'no message'}`)));
  });
}
