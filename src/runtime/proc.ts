// Process liveness that survives pid reuse: a pid plus its start time.
import { readFileSync, readdirSync, rmdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseCgroupMounts } from './host.js';

/** Start time (clock ticks since boot) of `pid`, or undefined if it is gone. */
export function processStartTime(pid: number): number | undefined {
  if (!(pid > 0)) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Field 22 of stat (starttime) is the 20th after "pid (comm)".
    return Number(fields[19]);
  } catch {
    return undefined;
  }
}

export function isProcessAlive(pid: number, startTime: number): boolean {
  const t = processStartTime(pid);
  if (t === undefined || t !== startTime) return false;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

/** Removes a cgroup (and empty children) from every hierarchy it exists in. */
export function removeCgroup(cgroupPath: string): void {
  const rel = cgroupPath.replace(/^\/+/, '');
  if (!rel) return;
  const mounts = parseCgroupMounts(readFileSync('/proc/self/mountinfo', 'utf8'));
  for (const m of mounts) {
    const dir = join(m.mountPoint, rel);
    if (existsSync(dir)) rmTree(dir);
  }
}

function rmTree(dir: string): void {
  for (const e of readdirSync(dir, { withFileTypes: true })) if (e.isDirectory()) rmTree(join(dir, e.name));
  try {
    rmdirSync(dir);
  } catch {
    // Still has processes: left for the caller to notice.
  }
}
