// Host-side facts for the pod benchmark: a free cluster CIDR, the conmon
// processes and mounts a data dir still has, and their memory.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { cidrsOverlap, parseCidr } from '../../src/network/cidr.js';
import { listNetns } from '../../src/network/netns.js';
import { networkNames } from '../../src/network/config.js';

export class NoFreeCidrError extends Error {
  constructor() {
    super('no 10.x.0.0/16 cluster CIDR is free of host routes and addresses');
    this.name = 'NoFreeCidrError';
  }
}

/** Host routes and addresses in CIDR form (from `ip -j`). */
function takenCidrs(): string[] {
  const routes = JSON.parse(execFileSync('ip', ['-j', 'route', 'show', 'table', 'all'], { encoding: 'utf8' }) || '[]') as { dst: string }[];
  const addrs = JSON.parse(execFileSync('ip', ['-j', 'addr'], { encoding: 'utf8' }) || '[]') as { addr_info?: { family: string; local: string }[] }[];
  return [
    ...routes.map((r) => r.dst).filter((d) => /^\d+\.\d+\.\d+\.\d+(\/\d+)?$/.test(d)),
    ...addrs.flatMap((a) => (a.addr_info ?? []).filter((i) => i.family === 'inet').map((i) => i.local)),
  ].map((d) => (d.includes('/') ? d : `${d}/32`));
}

/** A random 10.<150..249>.0.0/16 that overlaps no host route or address (so the run shares nothing with other clusters). */
export function freeClusterCidr(taken: string[] = takenCidrs()): string {
  const used = taken.map((d) => parseCidr(d, false));
  for (let tries = 0; tries < 100; tries++) {
    const cidr = `10.${150 + Math.floor(Math.random() * 100)}.0.0/16`;
    if (!used.some((u) => cidrsOverlap(u, parseCidr(cidr)))) return cidr;
  }
  throw new NoFreeCidrError();
}

/** Pids of conmon processes whose command line names the data dir. */
export function conmonPids(dataDir: string): number[] {
  const pids: number[] = [];
  for (const p of readdirSync('/proc')) {
    if (!/^\d+$/.test(p)) continue;
    try {
      if (readFileSync(`/proc/${p}/comm`, 'utf8').trim() !== 'conmon') continue;
      if (readFileSync(`/proc/${p}/cmdline`, 'utf8').includes(dataDir)) pids.push(Number(p));
    } catch {
      // exited meanwhile
    }
  }
  return pids;
}

/** Sum of VmRSS (MB) of the given processes (those that exited meanwhile count 0). */
export function totalRssMb(pids: number[]): number {
  let kb = 0;
  for (const pid of pids) {
    try {
      kb += Number(/^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
    } catch {
      // gone
    }
  }
  return kb / 1024;
}

/** Mount points under the data dir (overlay rootfs, shm, volumes). */
export function mountsUnder(dataDir: string): string[] {
  return readFileSync('/proc/self/mountinfo', 'utf8')
    .split('\n')
    .map((l) => l.split(' ')[4] ?? '')
    .filter((m) => m === dataDir || m.startsWith(`${dataDir}/`));
}

export interface NodeLeftovers {
  conmons: number;
  netns: string[];
  mounts: string[];
}

/** What of a data dir's pods is still on the host. */
export function nodeLeftovers(dataDir: string): NodeLeftovers {
  return { conmons: conmonPids(dataDir).length, netns: listNetns(networkNames(dataDir).netnsPrefix), mounts: mountsUnder(dataDir) };
}

export function nothingLeft(l: NodeLeftovers): boolean {
  return l.conmons === 0 && l.netns.length === 0 && l.mounts.length === 0;
}

export interface CpuTimes {
  /** The process itself (user + system), ms. */
  selfMs: number;
  /** Its children it has waited for (user + system), ms: CNI plugins, runc start/kill, ip, mount… (not conmon's own children). */
  childrenMs: number;
}

/** utime+stime and cutime+cstime of a process, from /proc/<pid>/stat. */
export function cpuTimes(pid: number): CpuTimes {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command (which may contain spaces) start at field 3 (state).
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ').map(Number);
  const tick = 1000 / CLOCK_TICKS;
  return { selfMs: (f[11] + f[12]) * tick, childrenMs: (f[13] + f[14]) * tick };
}

/** USER_HZ: 100 on every Linux architecture Node runs on. */
const CLOCK_TICKS = 100;

/** CPU (user + system, ms) of each thread of a process, by thread id, from /proc/<pid>/task/<tid>/stat. */
export function threadCpuMs(pid: number): Map<number, number> {
  const out = new Map<number, number>();
  let tids: string[];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return out;
  }
  for (const tid of tids) {
    try {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ').map(Number);
      out.set(Number(tid), (f[11]! + f[12]!) * (1000 / CLOCK_TICKS));
    } catch {
      // the thread ended
    }
  }
  return out;
}

/** Each thread's CPU between two threadCpuMs snapshots, busiest first (threads that ended in between are left out). */
export function threadCpuDelta(before: Map<number, number>, after: Map<number, number>): Array<{ tid: number; ms: number }> {
  return [...after].map(([tid, ms]) => ({ tid, ms: ms - (before.get(tid) ?? 0) })).sort((a, b) => b.ms - a.ms);
}
