// GET /containerLogs/{namespace}/{pod}/{container}: a container's log, read
// from its CRI log file, with kubelet's options (tail, since, timestamps,
// limitBytes, previous, follow).
import { open, stat, type FileHandle } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import type { RuntimeService } from '../../cri/types.js';
import { formatTimestamp, LineJoiner, type LogLine } from './cri-log.js';
import { AgentRequestError, findContainer } from './lookup.js';

export interface LogOptions {
  follow: boolean;
  tailLines?: number;
  /** Only lines at or after this time (ms since the epoch). */
  sinceMs?: number;
  timestamps: boolean;
  previous: boolean;
  limitBytes?: number;
}

function intParam(q: URLSearchParams, name: string, min: number): number | undefined {
  const v = q.get(name);
  if (v === null || v === '') return undefined;
  if (!/^-?\d+$/.test(v)) throw new AgentRequestError(400, `invalid ${name} ${JSON.stringify(v)}`);
  const n = Number(v);
  if (n < min) throw new AgentRequestError(400, `${name} must be ${min === 0 ? 'non-negative' : 'positive'}`);
  return n;
}

const truthy = (v: string | null): boolean => v !== null && (v === '' || v === 'true' || v === '1');

export function parseLogOptions(q: URLSearchParams, now = Date.now()): LogOptions {
  const sinceSeconds = intParam(q, 'sinceSeconds', 1);
  const sinceTime = q.get('sinceTime');
  let sinceMs: number | undefined;
  if (sinceSeconds !== undefined && sinceTime) throw new AgentRequestError(400, 'at most one of sinceTime or sinceSeconds may be specified');
  if (sinceSeconds !== undefined) sinceMs = now - sinceSeconds * 1000;
  if (sinceTime) {
    sinceMs = Date.parse(sinceTime);
    if (Number.isNaN(sinceMs)) throw new AgentRequestError(400, `invalid sinceTime ${JSON.stringify(sinceTime)}`);
  }
  return {
    follow: truthy(q.get('follow')),
    tailLines: intParam(q, 'tailLines', 0),
    sinceMs,
    timestamps: truthy(q.get('timestamps')),
    previous: truthy(q.get('previous')),
    limitBytes: intParam(q, 'limitBytes', 1),
  };
}

/** Writes lines to `out`, honouring timestamps and limitBytes; returns false once the limit is reached. */
class LineSink {
  private written = 0;
  constructor(
    private readonly out: Writable,
    private readonly o: LogOptions,
  ) {}

  write(line: LogLine): boolean {
    if (this.o.sinceMs !== undefined && line.ms < this.o.sinceMs) return true;
    let buf = line.content;
    if (this.o.timestamps) buf = Buffer.concat([Buffer.from(formatTimestamp(line.time) + ' '), buf]);
    if (this.o.limitBytes !== undefined) {
      const left = this.o.limitBytes - this.written;
      if (left <= 0) return false;
      if (buf.length > left) buf = buf.subarray(0, left);
    }
    this.written += buf.length;
    this.out.write(buf);
    return this.o.limitBytes === undefined || this.written < this.o.limitBytes;
  }
}

const POLL_MS = 100;
const STATUS_EVERY_MS = 500;

/** Streams the log of one container to `out` (an HTTP response); resolves when done. */
export async function streamContainerLog(
  runtime: RuntimeService,
  ns: string,
  pod: string,
  container: string,
  o: LogOptions,
  out: Writable,
  aborted: () => boolean,
  onReady: () => void = () => {},
): Promise<void> {
  const c = await findContainer(runtime, ns, pod, container, o.previous);
  const status = await runtime.containerStatus(c.id);
  onReady();
  const path = status.logPath;
  let fh: FileHandle | undefined;
  try {
    fh = await open(path, 'r');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    if (!o.follow) return;
  }
  const sink = new LineSink(out, o);
  const joiner = new LineJoiner();
  // Existing content: read it all, keep the tail.
  let pos = 0;
  let ino = 0;
  if (fh) {
    ino = (await fh.stat()).ino;
    const existing: LogLine[] = [];
    pos = await readAll(fh, pos, (chunk) => existing.push(...joiner.push(chunk)));
    const since = o.sinceMs;
    let lines = since === undefined ? existing : existing.filter((l) => l.ms >= since);
    if (o.tailLines !== undefined) lines = o.tailLines === 0 ? [] : lines.slice(-o.tailLines);
    for (const l of lines) if (!sink.write(l)) return void (await fh.close());
  }
  const running = status.state === 'CONTAINER_RUNNING' || status.state === 'CONTAINER_CREATED';
  if (!o.follow || !running) {
    if (!o.follow) for (const l of joiner.flush()) sink.write(l);
    await fh?.close();
    return;
  }
  // Follow: poll for appends; reopen when the file was rotated; stop once the
  // container has exited and the file is drained.
  let lastStatus = Date.now();
  try {
    for (;;) {
      if (aborted()) return;
      let got = false;
      if (fh) {
        const before = pos;
        pos = await readAll(fh, pos, (chunk) => {
          for (const l of joiner.push(chunk)) if (!sink.write(l)) throw new LimitReached();
        });
        got = pos > before;
      }
      const rotated = await currentInode(path);
      if (rotated !== undefined && rotated !== ino) {
        // Drain the old file completely, then continue with the new one from its start.
        if (fh) {
          pos = await readAll(fh, pos, (chunk) => {
            for (const l of joiner.push(chunk)) if (!sink.write(l)) throw new LimitReached();
          });
          await fh.close();
        }
        fh = await open(path, 'r').catch(() => undefined);
        ino = fh ? (await fh.stat()).ino : 0;
        pos = 0;
        continue;
      }
      if (!got && Date.now() - lastStatus >= STATUS_EVERY_MS) {
        lastStatus = Date.now();
        const st = await runtime.containerStatus(c.id).catch(() => undefined);
        if (!st || (st.state !== 'CONTAINER_RUNNING' && st.state !== 'CONTAINER_CREATED')) {
          if (fh) {
            pos = await readAll(fh, pos, (chunk) => {
              for (const l of joiner.push(chunk)) if (!sink.write(l)) throw new LimitReached();
            });
          }
          return;
        }
      }
      if (!got) await new Promise((r) => setTimeout(r, POLL_MS));
    }
  } catch (e) {
    if (!(e instanceof LimitReached)) throw e;
  } finally {
    await fh?.close().catch(() => {});
  }
}

class LimitReached extends Error {
  constructor() {
    super('limitBytes reached');
    this.name = 'LimitReached';
  }
}

async function currentInode(path: string): Promise<number | undefined> {
  try {
    return (await stat(path)).ino;
  } catch {
    return undefined;
  }
}

async function readAll(fh: FileHandle, pos: number, onChunk: (b: Buffer) => void): Promise<number> {
  const buf = Buffer.alloc(64 * 1024);
  for (;;) {
    const { bytesRead } = await fh.read(buf, 0, buf.length, pos);
    if (bytesRead === 0) return pos;
    pos += bytesRead;
    onChunk(Buffer.from(buf.subarray(0, bytesRead)));
  }
}
