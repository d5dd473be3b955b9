// Host detection: which cgroup layout the machine has, and which OCI runtime
// (crun or runc) can manage containers on it.
import { readFileSync, existsSync, statfsSync } from 'node:fs';
import { delimiter, join } from 'node:path';

export type CgroupMode = 'v1' | 'v2' | 'hybrid';

export interface CgroupMount {
  mountPoint: string;
  fsType: string;
  /** Super options (controller names for v1 hierarchies). */
  options: string[];
}

/** Cgroup mounts from the text of /proc/self/mountinfo. */
export function parseCgroupMounts(mountinfo: string): CgroupMount[] {
  const mounts: CgroupMount[] = [];
  for (const line of mountinfo.split('\n')) {
    const sep = line.indexOf(' - ');
    if (sep < 0) continue;
    const before = line.slice(0, sep).split(' ');
    const after = line.slice(sep + 3).split(' ');
    const fsType = after[0];
    if (fsType !== 'cgroup' && fsType !== 'cgroup2') continue;
    mounts.push({ mountPoint: unescapeMountPath(before[4] ?? ''), fsType, options: (after[2] ?? '').split(',') });
  }
  return mounts;
}

function unescapeMountPath(p: string): string {
  return p.replace(/\\([0-7]{3})/g, (_m, oct: string) => String.fromCharCode(parseInt(oct, 8)));
}

/** Pure v2 when /sys/fs/cgroup itself is cgroup2; hybrid when v1 controllers sit beside a v2 tree. */
export function cgroupModeFromMounts(mounts: CgroupMount[], root = '/sys/fs/cgroup'): CgroupMode {
  if (mounts.some((m) => m.fsType === 'cgroup2' && m.mountPoint === root)) return 'v2';
  const hasV1 = mounts.some((m) => m.fsType === 'cgroup');
  const hasV2 = mounts.some((m) => m.fsType === 'cgroup2');
  if (hasV1 && hasV2) return 'hybrid';
  if (hasV1) return 'v1';
  return hasV2 ? 'v2' : 'v1';
}

const CGROUP2_SUPER_MAGIC = 0x63677270;

export function detectCgroupMode(): CgroupMode {
  try {
    return cgroupModeFromMounts(parseCgroupMounts(readFileSync('/proc/self/mountinfo', 'utf8')));
  } catch {
    try {
      return statfsSync('/sys/fs/cgroup').type === CGROUP2_SUPER_MAGIC ? 'v2' : 'v1';
    } catch {
      return 'v1';
    }
  }
}

export function findExecutable(name: string, pathEnv = process.env.PATH ?? ''): string | undefined {
  const dirs = [...pathEnv.split(delimiter), '/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];
  for (const dir of dirs) {
    if (!dir) continue;
    const p = join(dir, name);
    if (existsSync(p)) return p;
  }
  return undefined;
}

export interface RuntimeChoice {
  name: 'runc' | 'crun';
  path: string;
  cgroupMode: CgroupMode;
  reason: string;
}

export class NoRuntimeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NoRuntimeError';
  }
}

/** crun only when it can manage cgroups (pure v2); runc otherwise. */
export function chooseRuntime(
  mode: CgroupMode,
  available: { runc?: string; crun?: string },
): RuntimeChoice {
  if (mode === 'v2' && available.crun) {
    return { name: 'crun', path: available.crun, cgroupMode: mode, reason: 'crun is installed and the host has a pure cgroup v2 hierarchy' };
  }
  if (available.runc) {
    const why =
      mode === 'v2'
        ? 'crun is not installed'
        : available.crun
          ? `crun cannot manage cgroups on a ${mode} cgroup host`
          : 'crun is not installed';
    return { name: 'runc', path: available.runc, cgroupMode: mode, reason: `runc: ${why}` };
  }
  if (available.crun) {
    return { name: 'crun', path: available.crun, cgroupMode: mode, reason: `crun: runc is not installed (cgroups ${mode})` };
  }
  throw new NoRuntimeError('neither runc nor crun is installed');
}

export function detectRuntime(): RuntimeChoice {
  return chooseRuntime(detectCgroupMode(), { runc: findExecutable('runc'), crun: findExecutable('crun') });
}
