// Exec and attach, independent of the transport (WebSocket channels or SPDY
// streams): which streams the client asked for, the final status document,
// and running the command against the runtime.
import type { Readable, Writable } from 'node:stream';
import type { RuntimeService } from '../../cri/types.js';
import { AgentRequestError } from './lookup.js';

export interface StreamRequest {
  stdin: boolean;
  stdout: boolean;
  stderr: boolean;
  tty: boolean;
}

export interface TerminalSize {
  width: number;
  height: number;
}

/** metav1.Status as written on the error channel/stream (v4 and later). */
export interface ExecStatus {
  metadata: Record<string, never>;
  status: 'Success' | 'Failure';
  message?: string;
  reason?: string;
  details?: { causes: { reason?: string; message: string }[] };
  code?: number;
}

/** The streams of one exec/attach session, however they are carried. */
export interface CommandSession {
  stdin?: Readable;
  stdout?: Writable;
  stderr?: Writable;
  tty: boolean;
  resize?: AsyncIterable<TerminalSize>;
  /** Writes the final status (v4+: JSON; older protocols: the failure message only). */
  writeStatus(s: ExecStatus): Promise<void>;
  /** Ends the session (after the status is written). */
  close(): Promise<void>;
}

const flag = (q: URLSearchParams, name: string): boolean => {
  const v = q.get(name);
  return v === '1' || v === 'true';
};

export function parseStreamRequest(q: URLSearchParams): StreamRequest {
  const tty = flag(q, 'tty');
  const r = { stdin: flag(q, 'stdin'), stdout: flag(q, 'stdout'), stderr: flag(q, 'stderr') && !tty, tty };
  if (!r.stdin && !r.stdout && !r.stderr) throw new AgentRequestError(400, 'you must specify at least 1 of stdin, stdout, stderr');
  return r;
}

export const SUCCESS: ExecStatus = { metadata: {}, status: 'Success' };

export function exitStatus(code: number, cmd: string[]): ExecStatus {
  return {
    metadata: {},
    status: 'Failure',
    message: `command terminated with non-zero exit code: error executing command [${cmd.join(' ')}], exit code ${code}`,
    reason: 'NonZeroExitCode',
    details: { causes: [{ reason: 'ExitCode', message: String(code) }] },
  };
}

export function internalErrorStatus(message: string): ExecStatus {
  return {
    metadata: {},
    status: 'Failure',
    message: `Internal error occurred: ${message}`,
    reason: 'InternalError',
    details: { causes: [{ message }] },
    code: 500,
  };
}

/** Waits until a writable has flushed everything (ending it first). */
export function endWritable(w: Writable | undefined): Promise<void> {
  if (!w || w.writableFinished || w.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    w.once('finish', () => resolve());
    w.once('close', () => resolve());
    w.once('error', () => resolve());
    if (!w.writableEnded) w.end();
  });
}

/** Runs `cmd` in the container over the session and reports the result like kubelet. */
export async function serveExec(runtime: RuntimeService, containerId: string, cmd: string[], s: CommandSession): Promise<void> {
  let status: ExecStatus;
  try {
    const code = await runtime.exec(containerId, cmd, { stdin: s.stdin, stdout: s.stdout, stderr: s.stderr, tty: s.tty, resize: s.resize });
    status = code === 0 ? SUCCESS : exitStatus(code, cmd);
  } catch (e) {
    status = internalErrorStatus(`error executing command in container: ${(e as Error).message}`);
  }
  await finish(s, status);
}

/** Attaches to the container's main process over the session. */
export async function serveAttach(runtime: RuntimeService, containerId: string, s: CommandSession): Promise<void> {
  let status: ExecStatus = SUCCESS;
  try {
    await runtime.attach(containerId, { stdin: s.stdin, stdout: s.stdout, stderr: s.stderr, tty: s.tty, resize: s.resize });
  } catch (e) {
    status = internalErrorStatus(`error attaching to container: ${(e as Error).message}`);
  }
  await finish(s, status);
}

async function finish(s: CommandSession, status: ExecStatus): Promise<void> {
  await Promise.all([endWritable(s.stdout), endWritable(s.stderr)]);
  await s.writeStatus(status).catch(() => {});
  await s.close().catch(() => {});
}
