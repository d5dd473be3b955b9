// Container log rotation (kubelet's container log manager): every 10 s, a
// running container whose CRI log file is over the size limit (10 MiB) has
// it renamed to `<log>.<YYYYMMDD-HHMMSS>` and the runtime reopens the log
// (conmon's control fifo); rotated files beyond the newest are gzipped, and
// only `maxFiles` files (the live one included) are kept per container.
import { createReadStream, createWriteStream } from 'node:fs';
import { readdir, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import type { RuntimeService } from '../cri/types.js';

export interface LogRotationOptions {
  runtime: Pick<RuntimeService, 'listContainers' | 'containerStatus' | 'reopenContainerLog'>;
  maxSizeBytes?: number;
  maxFiles?: number;
  periodMs?: number;
  now?: () => Date;
  log?: (line: string) => void;
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** kubelet's rotated-log suffix: 20060102-150405 in UTC. */
export function rotationSuffix(d: Date): string {
  return `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}-${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}`;
}

/** Rotated files of `logPath`, oldest first (names sort by their timestamps). */
export async function rotatedLogs(logPath: string): Promise<string[]> {
  const prefix = `${basename(logPath)}.`;
  const names = await readdir(dirname(logPath)).catch(() => [] as string[]);
  return names.filter((n) => n.startsWith(prefix) && !n.endsWith('.tmp')).sort().map((n) => join(dirname(logPath), n));
}

export class LogRotator {
  private timer?: NodeJS.Timeout;
  private running = false;

  constructor(private readonly o: LogRotationOptions) {}

  start(): void {
    this.timer = setInterval(() => void this.runOnce(), this.o.periodMs ?? 10_000);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  async runOnce(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      for (const c of await this.o.runtime.listContainers({ state: 'CONTAINER_RUNNING' })) {
        try {
          const st = await this.o.runtime.containerStatus(c.id);
          if (st.logPath) await this.rotateIfNeeded(c.id, st.logPath);
        } catch (e) {
          this.o.log?.(`log rotation of container ${c.id.slice(0, 12)}: ${(e as Error).message}`);
        }
      }
    } finally {
      this.running = false;
    }
  }

  async rotateIfNeeded(id: string, logPath: string): Promise<boolean> {
    const size = (await stat(logPath).catch(() => undefined))?.size ?? 0;
    if (size < (this.o.maxSizeBytes ?? 10 * 1024 * 1024)) return false;
    const maxFiles = Math.max(2, this.o.maxFiles ?? 5);
    // Room for the file about to be rotated: keep maxFiles - 2 older ones.
    const old = await rotatedLogs(logPath);
    for (const f of old.slice(0, Math.max(0, old.length - (maxFiles - 2)))) await rm(f, { force: true });
    for (const f of (await rotatedLogs(logPath)).filter((f) => !f.endsWith('.gz'))) await this.compress(f);
    const rotated = `${logPath}.${rotationSuffix((this.o.now ?? (() => new Date()))())}`;
    await rename(logPath, rotated);
    try {
      await this.o.runtime.reopenContainerLog?.(id);
    } catch (e) {
      // Like kubelet: put the file back so the container keeps one log.
      await rename(rotated, logPath).catch(() => {});
      throw e;
    }
    return true;
  }

  private async compress(path: string): Promise<void> {
    const tmp = `${path}.gz.tmp`;
    await pipeline(createReadStream(path), createGzip(), createWriteStream(tmp));
    await rename(tmp, `${path}.gz`);
    await rm(path, { force: true });
  }
}
