// Container resource usage from the cgroup files (v1 controllers or the v2
// unified tree), as kubelet's summary API wants it.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CgroupMode } from './host.js';

export const CGROUP_ROOT = '/sys/fs/cgroup';

export interface CgroupUsage {
  cpuUsageCoreNanoSeconds: number;
  memoryWorkingSetBytes: number;
  oomKills: number;
}

async function readText(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
}

export function parseFlatKeyed(text: string | undefined): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of (text ?? '').split('\n')) {
    const [k, v] = line.trim().split(/\s+/);
    if (k && v !== undefined && /^\d+$/.test(v)) out.set(k, Number(v));
  }
  return out;
}

/** Working set = usage - inactive file pages (never below 0), as cAdvisor computes it. */
export function workingSet(usage: number, inactiveFile: number): number {
  return Math.max(0, usage - inactiveFile);
}

export async function cgroupUsage(mode: CgroupMode, cgroupsPath: string, root = CGROUP_ROOT): Promise<CgroupUsage> {
  const rel = cgroupsPath.replace(/^\/+/, '');
  if (mode === 'v2') {
    const dir = join(root, rel);
    const cpu = parseFlatKeyed(await readText(join(dir, 'cpu.stat')));
    const mem = Number((await readText(join(dir, 'memory.current')))?.trim() ?? 0) || 0;
    const mstat = parseFlatKeyed(await readText(join(dir, 'memory.stat')));
    const events = parseFlatKeyed(await readText(join(dir, 'memory.events')));
    return {
      cpuUsageCoreNanoSeconds: (cpu.get('usage_usec') ?? 0) * 1000,
      memoryWorkingSetBytes: workingSet(mem, mstat.get('inactive_file') ?? 0),
      oomKills: events.get('oom_kill') ?? 0,
    };
  }
  const cpu = Number((await readText(join(root, 'cpuacct', rel, 'cpuacct.usage')))?.trim() ?? 0) || 0;
  const mem = Number((await readText(join(root, 'memory', rel, 'memory.usage_in_bytes')))?.trim() ?? 0) || 0;
  const mstat = parseFlatKeyed(await readText(join(root, 'memory', rel, 'memory.stat')));
  const oom = parseFlatKeyed(await readText(join(root, 'memory', rel, 'memory.oom_control')));
  return {
    cpuUsageCoreNanoSeconds: cpu,
    memoryWorkingSetBytes: workingSet(mem, mstat.get('total_inactive_file') ?? 0),
    oomKills: oom.get('oom_kill') ?? 0,
  };
}
