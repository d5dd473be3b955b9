// Facts about this host for the Node object: capacity (cpu, memory, pods,
// ephemeral-storage), addresses, and nodeInfo (kernel, OS image, ids).
import { execFile } from 'node:child_process';
import { readFileSync, statfsSync } from 'node:fs';
import os from 'node:os';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface HostFacts {
  cpus: number;
  memoryBytes: number;
  storageBytes: number;
  hostname: string;
  internalIPs: string[];
  kernelVersion: string;
  osImage: string;
  architecture: string;
  operatingSystem: string;
  machineID: string;
  bootID: string;
}

export function memTotalBytes(meminfo: string): number {
  const m = /^MemTotal:\s+(\d+)\s*kB/m.exec(meminfo);
  return m ? Number(m[1]) * 1024 : os.totalmem();
}

export function osImageOf(osRelease: string): string {
  const m = /^PRETTY_NAME=(.*)$/m.exec(osRelease);
  if (!m) return 'Linux';
  return m[1].replace(/^["']|["']$/g, '');
}

const GO_ARCH: Record<string, string> = { x64: 'amd64', arm64: 'arm64', arm: 'arm', ia32: '386', ppc64: 'ppc64le', s390x: 's390x' };

function readOr(path: string, fallback = ''): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return fallback;
  }
}

/** The source address of the default IPv4 route (no packets are sent), else the first non-loopback IPv4. */
export async function primaryIPv4(): Promise<string | undefined> {
  try {
    const { stdout } = await run('ip', ['-j', '-4', 'route', 'show', 'default']);
    const routes = JSON.parse(stdout) as Array<{ dev?: string; prefsrc?: string }>;
    const r = routes[0];
    if (r?.prefsrc) return r.prefsrc;
    if (r?.dev) {
      const addr = os.networkInterfaces()[r.dev]?.find((a) => a.family === 'IPv4');
      if (addr) return addr.address;
    }
  } catch {
    /* no ip(8) or no default route */
  }
  for (const addrs of Object.values(os.networkInterfaces())) {
    const a = addrs?.find((x) => x.family === 'IPv4' && !x.internal);
    if (a) return a.address;
  }
  return undefined;
}

export async function gatherHostFacts(dataDir: string): Promise<HostFacts> {
  let storageBytes = 0;
  try {
    const s = statfsSync(dataDir);
    storageBytes = s.blocks * s.bsize;
  } catch {
    /* unknown */
  }
  const ip = await primaryIPv4();
  return {
    cpus: os.cpus().length,
    memoryBytes: memTotalBytes(readOr('/proc/meminfo')),
    storageBytes,
    hostname: os.hostname(),
    internalIPs: ip ? [ip] : ['127.0.0.1'],
    kernelVersion: os.release(),
    osImage: osImageOf(readOr('/etc/os-release')),
    architecture: GO_ARCH[process.arch] ?? process.arch,
    operatingSystem: 'linux',
    machineID: readOr('/etc/machine-id').trim(),
    bootID: readOr('/proc/sys/kernel/random/boot_id').trim(),
  };
}
