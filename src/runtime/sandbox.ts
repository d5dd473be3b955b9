// Pod sandboxes: an "infra" container (like pause) that holds the pod's
// ipc/uts/pid namespaces and joins the pod's network namespace by path. It
// runs busybox `sleep` from a tiny shared rootfs made once under the root.
import { mkdir, copyFile, access, rename } from 'node:fs/promises';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ContainerConfig, PodSandboxConfig, DNSConfig } from '../cri/types.js';
import { buildSpec } from './spec.js';
import type { OciSpec, OciMount } from './oci-types.js';
import { findExecutable } from './host.js';

export const INFRA_SLEEP_SECONDS = '2147483647';

export class InfraRootfsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InfraRootfsError';
  }
}

/** `<root>/infra-rootfs` with bin/busybox; created once. */
export async function ensureInfraRootfs(root: string, busybox = findExecutable('busybox')): Promise<string> {
  const dir = join(root, 'infra-rootfs');
  const bin = join(dir, 'bin', 'busybox');
  try {
    await access(bin);
    return dir;
  } catch {
    // Build it below.
  }
  if (!busybox) throw new InfraRootfsError('busybox (busybox-static) is not installed');
  const tmp = `${dir}.tmp-${process.pid}-${Date.now()}`;
  for (const d of ['bin', 'proc', 'dev', 'sys', 'etc', 'tmp']) await mkdir(join(tmp, d), { recursive: true });
  await copyFile(busybox, join(tmp, 'bin', 'busybox'));
  try {
    await rename(tmp, dir);
  } catch {
    // Another instance won the race; its copy is as good as ours.
  }
  return dir;
}

export function infraContainerConfig(): ContainerConfig {
  return {
    metadata: { name: 'POD', attempt: 0 },
    image: { image: 'skiff-infra' },
    command: ['/bin/busybox', 'sleep', INFRA_SLEEP_SECONDS],
    linux: { securityContext: { readonlyRootfs: true, capabilities: { dropCapabilities: ['ALL'] }, noNewPrivs: true } },
  };
}

/** The infra container's spec: new ipc/uts/pid namespaces, the pod netns by path. */
export function infraSpec(config: PodSandboxConfig, rootfs: string, netnsPath: string | undefined, cgroupsPath: string): OciSpec {
  const hostNetwork = config.linux?.securityContext?.namespaceOptions?.network === 'NODE';
  const hostIpc = config.linux?.securityContext?.namespaceOptions?.ipc === 'NODE';
  const hostPid = config.linux?.securityContext?.namespaceOptions?.pid === 'NODE';
  const c = infraContainerConfig();
  c.linux!.securityContext!.namespaceOptions = { network: hostNetwork ? 'NODE' : 'POD', ipc: hostIpc ? 'NODE' : 'POD', pid: hostPid ? 'NODE' : 'CONTAINER' };
  const sandbox: PodSandboxConfig = { ...config, linux: { ...config.linux, securityContext: { ...config.linux?.securityContext, runAsUser: undefined, runAsGroup: undefined, supplementalGroups: [] } } };
  const spec = buildSpec({ config: c, sandboxConfig: sandbox, rootfsPath: rootfs, namespaces: { network: hostNetwork ? undefined : netnsPath }, cgroupsPath });
  spec.process.capabilities = { bounding: [], effective: [], permitted: [] };
  spec.process.user = { uid: 65534, gid: 65534 };
  return spec;
}

export function resolvConf(dns: DNSConfig): string {
  const lines: string[] = [];
  if (dns.searches.length > 0) lines.push(`search ${dns.searches.join(' ')}`);
  for (const s of dns.servers) lines.push(`nameserver ${s}`);
  if (dns.options.length > 0) lines.push(`options ${dns.options.join(' ')}`);
  return `${lines.join('\n')}\n`;
}

/** What writeSandboxFiles last wrote to each path (a sandbox's config does not change, so its files are written once). */
const sandboxFiles = new Map<string, string>();

/** Writes `text` to `path` unless this process already did (small files, written synchronously). */
function writeOnce(path: string, text: string): void {
  if (sandboxFiles.get(path) === text && existsSync(path)) return;
  writeFileSync(path, text);
  if (sandboxFiles.size >= 10_000) sandboxFiles.delete(sandboxFiles.keys().next().value as string);
  sandboxFiles.set(path, text);
}

/** Files the pod's containers share (/etc/resolv.conf, /etc/hostname), as mounts. */
export async function writeSandboxFiles(dir: string, config: PodSandboxConfig): Promise<OciMount[]> {
  const mounts: OciMount[] = [];
  const hostname = config.hostname ?? config.metadata.name;
  writeOnce(join(dir, 'hostname'), `${hostname}\n`);
  mounts.push({ destination: '/etc/hostname', type: 'bind', source: join(dir, 'hostname'), options: ['rbind', 'ro', 'rprivate'] });
  if (config.dnsConfig) {
    writeOnce(join(dir, 'resolv.conf'), resolvConf(config.dnsConfig));
    mounts.push({ destination: '/etc/resolv.conf', type: 'bind', source: join(dir, 'resolv.conf'), options: ['rbind', 'ro', 'rprivate'] });
  }
  return mounts;
}
