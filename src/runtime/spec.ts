// Builds the OCI runtime spec (config.json) of a container from its CRI
// config, the image config and the sandbox's namespaces. Pure: everything that
// needs the file system (user lookup, device numbers) is resolved by the caller.
import type { ContainerConfig, PodSandboxConfig, Mount } from '../cri/types.js';
import type { OciSpec, OciMount, OciNamespace, OciDevice, OciResources, OciCapabilities, OciRlimit } from './oci-types.js';

export const OCI_VERSION = '1.0.2-dev';

/** containerd's default capability set (what Docker gives a container). */
export const DEFAULT_CAPABILITIES = [
  'CAP_CHOWN', 'CAP_DAC_OVERRIDE', 'CAP_FSETID', 'CAP_FOWNER', 'CAP_MKNOD', 'CAP_NET_RAW', 'CAP_SETGID',
  'CAP_SETUID', 'CAP_SETFCAP', 'CAP_SETPCAP', 'CAP_NET_BIND_SERVICE', 'CAP_SYS_CHROOT', 'CAP_KILL', 'CAP_AUDIT_WRITE',
];

/** Every capability the kernel knows (for privileged containers and `ALL`). */
export const ALL_CAPABILITIES = [
  'CAP_CHOWN', 'CAP_DAC_OVERRIDE', 'CAP_DAC_READ_SEARCH', 'CAP_FOWNER', 'CAP_FSETID', 'CAP_KILL', 'CAP_SETGID',
  'CAP_SETUID', 'CAP_SETPCAP', 'CAP_LINUX_IMMUTABLE', 'CAP_NET_BIND_SERVICE', 'CAP_NET_BROADCAST', 'CAP_NET_ADMIN',
  'CAP_NET_RAW', 'CAP_IPC_LOCK', 'CAP_IPC_OWNER', 'CAP_SYS_MODULE', 'CAP_SYS_RAWIO', 'CAP_SYS_CHROOT', 'CAP_SYS_PTRACE',
  'CAP_SYS_PACCT', 'CAP_SYS_ADMIN', 'CAP_SYS_BOOT', 'CAP_SYS_NICE', 'CAP_SYS_RESOURCE', 'CAP_SYS_TIME',
  'CAP_SYS_TTY_CONFIG', 'CAP_MKNOD', 'CAP_LEASE', 'CAP_AUDIT_WRITE', 'CAP_AUDIT_CONTROL', 'CAP_SETFCAP',
  'CAP_MAC_OVERRIDE', 'CAP_MAC_ADMIN', 'CAP_SYSLOG', 'CAP_WAKE_ALARM', 'CAP_BLOCK_SUSPEND', 'CAP_AUDIT_READ',
  'CAP_PERFMON', 'CAP_BPF', 'CAP_CHECKPOINT_RESTORE',
];

/** containerd's default masked and read-only paths. */
export const DEFAULT_MASKED_PATHS = [
  '/proc/acpi', '/proc/asound', '/proc/kcore', '/proc/keys', '/proc/latency_stats', '/proc/timer_list',
  '/proc/timer_stats', '/proc/sched_debug', '/proc/scsi', '/sys/firmware', '/sys/devices/virtual/powercap',
];
export const DEFAULT_READONLY_PATHS = ['/proc/bus', '/proc/fs', '/proc/irq', '/proc/sys', '/proc/sysrq-trigger'];

export const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** Namespaces of the pod sandbox, as paths the container joins. Absent: not shared. */
export interface SandboxNamespacePaths {
  network?: string;
  ipc?: string;
  uts?: string;
  /** The infra process's pid namespace (pid mode POD). */
  pid?: string;
  /** The target container's pid namespace (pid mode TARGET). */
  targetPid?: string;
}

export interface SpecInput {
  config: ContainerConfig;
  sandboxConfig: PodSandboxConfig;
  /** Final argv: the agent already merged entrypoint/cmd into command + args. */
  rootfsPath: string;
  imageEnv?: string[];
  imageWorkingDir?: string;
  /** The image's user, resolved to ids (runAsUser/runAsGroup override it). */
  imageUser?: { uid: number; gid: number; additionalGids?: number[] };
  namespaces: SandboxNamespacePaths;
  cgroupsPath: string;
  /** Extra mounts prepared by the runtime (resolv.conf, hostname). */
  extraMounts?: OciMount[];
  /** Devices of config.devices with their numbers looked up. */
  devices?: OciDevice[];
  /** Resource limits; none by default: the container inherits conmon's, as CRI-O does. */
  rlimits?: OciRlimit[];
}

export class SpecError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SpecError';
  }
}

export function mergeEnv(imageEnv: string[], envs: { key: string; value: string }[]): string[] {
  const order: string[] = [];
  const values = new Map<string, string>();
  const put = (k: string, v: string) => {
    if (!values.has(k)) order.push(k);
    values.set(k, v);
  };
  for (const e of imageEnv) {
    const i = e.indexOf('=');
    if (i < 0) put(e, '');
    else put(e.slice(0, i), e.slice(i + 1));
  }
  for (const e of envs) put(e.key, e.value);
  return order.map((k) => `${k}=${values.get(k)}`);
}

function capName(c: string): string {
  const up = c.toUpperCase();
  return up.startsWith('CAP_') ? up : `CAP_${up}`;
}

export function capabilities(cfg: ContainerConfig): OciCapabilities {
  const sc = cfg.linux?.securityContext;
  let set: string[];
  if (sc?.privileged) set = [...ALL_CAPABILITIES];
  else {
    const caps = new Set(DEFAULT_CAPABILITIES);
    const add = sc?.capabilities?.addCapabilities ?? [];
    const drop = sc?.capabilities?.dropCapabilities ?? [];
    if (add.some((c) => c.toUpperCase() === 'ALL')) for (const c of ALL_CAPABILITIES) caps.add(c);
    else for (const c of add) caps.add(capName(c));
    if (drop.some((c) => c.toUpperCase() === 'ALL')) caps.clear();
    for (const c of drop) caps.delete(capName(c));
    // Explicit adds win over drop ALL (as CRI-O and containerd do).
    if (drop.some((c) => c.toUpperCase() === 'ALL')) for (const c of add) if (c.toUpperCase() !== 'ALL') caps.add(capName(c));
    set = [...caps];
  }
  const ambient = (sc?.capabilities?.addAmbientCapabilities ?? []).map(capName);
  const out: OciCapabilities = { bounding: set, effective: set, permitted: set };
  if (ambient.length > 0) {
    out.ambient = ambient;
    out.inheritable = ambient;
  }
  return out;
}

export function defaultMounts(readonlySys: boolean): OciMount[] {
  return [
    { destination: '/proc', type: 'proc', source: 'proc', options: ['nosuid', 'noexec', 'nodev'] },
    { destination: '/dev', type: 'tmpfs', source: 'tmpfs', options: ['nosuid', 'strictatime', 'mode=755', 'size=65536k'] },
    { destination: '/dev/pts', type: 'devpts', source: 'devpts', options: ['nosuid', 'noexec', 'newinstance', 'ptmxmode=0666', 'mode=0620', 'gid=5'] },
    { destination: '/dev/shm', type: 'tmpfs', source: 'shm', options: ['nosuid', 'noexec', 'nodev', 'mode=1777', 'size=65536k'] },
    { destination: '/dev/mqueue', type: 'mqueue', source: 'mqueue', options: ['nosuid', 'noexec', 'nodev'] },
    { destination: '/sys', type: 'sysfs', source: 'sysfs', options: ['nosuid', 'noexec', 'nodev', readonlySys ? 'ro' : 'rw'] },
    { destination: '/sys/fs/cgroup', type: 'cgroup', source: 'cgroup', options: ['nosuid', 'noexec', 'nodev', 'relatime', readonlySys ? 'ro' : 'rw'] },
  ];
}

const PROPAGATION: Record<NonNullable<Mount['propagation']>, string> = {
  PROPAGATION_PRIVATE: 'rprivate',
  PROPAGATION_HOST_TO_CONTAINER: 'rslave',
  PROPAGATION_BIDIRECTIONAL: 'rshared',
};

export function bindMount(m: Mount): OciMount {
  if (!m.containerPath.startsWith('/')) throw new SpecError(`mount path ${JSON.stringify(m.containerPath)} is not absolute`);
  return {
    destination: m.containerPath,
    type: 'bind',
    source: m.hostPath,
    options: ['rbind', m.readonly ? 'ro' : 'rw', PROPAGATION[m.propagation ?? 'PROPAGATION_PRIVATE']],
  };
}

export function namespaces(cfg: ContainerConfig, sandbox: PodSandboxConfig, ns: SandboxNamespacePaths): OciNamespace[] {
  const opts = cfg.linux?.securityContext?.namespaceOptions ?? sandbox.linux?.securityContext?.namespaceOptions ?? {};
  const out: OciNamespace[] = [{ type: 'mount' }];
  const join = (type: OciNamespace['type'], path: string | undefined) => out.push(path ? { type, path } : { type });
  const pid = opts.pid ?? 'CONTAINER';
  if (pid === 'POD') join('pid', ns.pid);
  else if (pid === 'TARGET') {
    if (!ns.targetPid) throw new SpecError('pid namespace TARGET without a target container');
    join('pid', ns.targetPid);
  } else if (pid === 'CONTAINER') join('pid', undefined);
  if ((opts.ipc ?? 'POD') !== 'NODE') join('ipc', ns.ipc);
  if ((opts.network ?? 'POD') !== 'NODE') {
    join('uts', ns.uts);
    join('network', ns.network);
  }
  return out;
}

export function resources(cfg: ContainerConfig): OciResources | undefined {
  const r = cfg.linux?.resources;
  const out: OciResources = {};
  if (!r) return undefined;
  const cpu: NonNullable<OciResources['cpu']> = {};
  if (r.cpuShares) cpu.shares = r.cpuShares;
  if (r.cpuQuota) cpu.quota = r.cpuQuota;
  if (r.cpuPeriod) cpu.period = r.cpuPeriod;
  if (r.cpusetCpus) cpu.cpus = r.cpusetCpus;
  if (r.cpusetMems) cpu.mems = r.cpusetMems;
  if (Object.keys(cpu).length > 0) out.cpu = cpu;
  if (r.memoryLimitInBytes) out.memory = { limit: r.memoryLimitInBytes };
  if (r.unified && Object.keys(r.unified).length > 0) out.unified = { ...r.unified };
  return out;
}

export function buildSpec(input: SpecInput): OciSpec {
  const { config: cfg, sandboxConfig: sb } = input;
  const sc = cfg.linux?.securityContext;
  const privileged = sc?.privileged === true;
  const args = [...(cfg.command ?? []), ...(cfg.args ?? [])];
  if (args.length === 0) throw new SpecError(`container ${cfg.metadata.name}: no command specified`);
  const hostname = sb.hostname ?? sb.metadata.name;
  const env = mergeEnv(input.imageEnv ?? [], cfg.envs ?? []);
  if (!env.some((e) => e.startsWith('PATH='))) env.unshift(`PATH=${DEFAULT_PATH}`);
  if (!env.some((e) => e.startsWith('HOSTNAME='))) env.push(`HOSTNAME=${hostname}`);
  const uid = sc?.runAsUser ?? input.imageUser?.uid ?? 0;
  const gid = sc?.runAsGroup ?? input.imageUser?.gid ?? 0;
  const additional = [
    ...(input.imageUser?.additionalGids ?? []),
    ...(sb.linux?.securityContext?.supplementalGroups ?? []),
    ...(sc?.supplementalGroups ?? []),
  ];
  const additionalGids = [...new Set(additional)].filter((g) => g !== gid);
  const binds = (cfg.mounts ?? []).map(bindMount);
  const mounts = [...defaultMounts(!privileged), ...(input.extraMounts ?? []), ...binds];
  // A later mount over the same destination replaces an earlier default one.
  const seen = new Set<string>();
  const deduped = mounts.reverse().filter((m) => (seen.has(m.destination) ? false : (seen.add(m.destination), true))).reverse();
  const propagations = (cfg.mounts ?? []).map((m) => m.propagation);
  const ns = namespaces(cfg, sb, input.namespaces);
  const res: OciResources = resources(cfg) ?? {};
  res.devices = privileged ? [{ allow: true, access: 'rwm' }] : [{ allow: false, access: 'rwm' }];
  for (const d of input.devices ?? []) res.devices.push({ allow: true, type: d.type, major: d.major, minor: d.minor, access: 'rwm' });
  const spec: OciSpec = {
    ociVersion: OCI_VERSION,
    process: {
      terminal: cfg.tty === true,
      user: additionalGids.length > 0 ? { uid, gid, additionalGids } : { uid, gid },
      args,
      env,
      cwd: cfg.workingDir || input.imageWorkingDir || '/',
      capabilities: capabilities(cfg),
      noNewPrivileges: sc?.noNewPrivs === true,
    },
    root: { path: input.rootfsPath, readonly: sc?.readonlyRootfs === true },
    mounts: deduped,
    annotations: { ...(cfg.annotations ?? {}) },
    linux: {
      namespaces: ns,
      resources: res,
      cgroupsPath: input.cgroupsPath,
      maskedPaths: privileged ? [] : (sc?.maskedPaths ?? DEFAULT_MASKED_PATHS),
      readonlyPaths: privileged ? [] : (sc?.readonlyPaths ?? DEFAULT_READONLY_PATHS),
    },
  };
  if (ns.some((n) => n.type === 'uts' && !n.path)) spec.hostname = hostname;
  if (input.rlimits && input.rlimits.length > 0) spec.process.rlimits = input.rlimits;
  if (cfg.linux?.resources?.oomScoreAdj !== undefined) spec.process.oomScoreAdj = cfg.linux.resources.oomScoreAdj;
  const sysctls = sb.linux?.sysctls;
  if (sysctls && Object.keys(sysctls).length > 0) spec.linux.sysctl = { ...sysctls };
  if (input.devices && input.devices.length > 0) spec.linux.devices = input.devices;
  if (propagations.includes('PROPAGATION_BIDIRECTIONAL')) spec.linux.rootfsPropagation = 'rshared';
  else if (propagations.includes('PROPAGATION_HOST_TO_CONTAINER')) spec.linux.rootfsPropagation = 'rslave';
  return spec;
}
