// Pod networking for the OCI runtime: attaches a sandbox's network namespace
// to Skiff's bridge network through the real CNI plugins (loopback, then
// bridge + host-local + portmap), detaches it, and checks it.
import { existsSync } from 'node:fs';
import type { PortMapping } from '../cri/types.js';
import { addNetworkList, checkNetworkList, delNetworkList, getCachedCapabilityArgs, getCachedResult, highestCommonVersion, type CniContext } from './cni.js';
import { DEFAULT_PLUGIN_DIRS, existingDirs } from './cni-plugin.js';
import { loopbackConfList, networkNames, podNetworkConfList, type NetworkNames } from './config.js';
import { CniNotAttachedError, CniPluginError, NetworkCheckError } from './errors.js';
import { HOSTPORT_LOCK, withHostLock } from './host-lock.js';
import { missingHostportRules, purgeNetworkRules } from './iptables.js';
import { ensureMasquerade } from './masquerade.js';
import type { CniResult, NetConfList, PodNetworkOptions, PodNetworkStatus, RuntimeConf } from './types.js';

export interface CniNetworkOptions {
  dataDir: string;
  /** This node's pod subnet, e.g. 10.42.0.0/24. */
  podCidr: string;
  pluginDirs?: string[];
  mtu?: number;
  /** Per plugin invocation. */
  timeoutMs?: number;
}

/** portMappings capability args as portmap expects them; hostPort 0 means "no host port" and is left out. */
export function portMappingsArg(pms: PortMapping[] | undefined): Record<string, unknown>[] {
  return (pms ?? [])
    .filter((p) => p.hostPort > 0)
    .map((p) => ({
      hostPort: p.hostPort,
      containerPort: p.containerPort,
      protocol: p.protocol.toLowerCase(),
      ...(p.hostIp ? { hostIP: p.hostIp } : {}),
    }));
}

/** The pod's address from an ADD result: the first IPv4 on an interface inside the sandbox. */
export function statusFromResult(sandboxId: string, result: CniResult): PodNetworkStatus {
  const ifaces = result.interfaces ?? [];
  const ips = result.ips ?? [];
  const inSandbox = (i?: number) => i === undefined || ifaces[i]?.sandbox !== undefined;
  const ip = ips.find((x) => !x.address.includes(':') && inSandbox(x.interface)) ?? ips[0];
  if (!ip) throw new CniPluginError('bridge', 'ADD', 999, `no IP address in the result for sandbox ${sandboxId}`);
  return {
    ip: ip.address.split('/')[0]!,
    gateway: ip.gateway ?? '',
    interface: (ip.interface !== undefined ? ifaces[ip.interface]?.name : undefined) ?? 'eth0',
  };
}

export class CniNetwork {
  readonly names: NetworkNames;
  private readonly ctx: CniContext;
  private lists?: Promise<{ main: NetConfList; noPorts: NetConfList; lo: NetConfList }>;
  private masquerade?: Promise<void>;

  constructor(private readonly opts: CniNetworkOptions) {
    this.names = networkNames(opts.dataDir);
    this.ctx = {
      pluginDirs: existingDirs(opts.pluginDirs ?? DEFAULT_PLUGIN_DIRS),
      cacheDir: this.names.cacheDir,
      timeoutMs: opts.timeoutMs,
      serialize: { types: ['portmap'], run: (fn) => withHostLock(HOSTPORT_LOCK, fn) },
    };
  }

  /**
   * The network lists, at the highest CNI version all four plugins support
   * (VERSION asked once): `main` with portmap, `noPorts` without it for pods
   * that have no hostPorts (same network name), and loopback.
   */
  confLists(): Promise<{ main: NetConfList; noPorts: NetConfList; lo: NetConfList }> {
    this.lists ??= highestCommonVersion(['bridge', 'host-local', 'portmap', 'loopback'], this.ctx.pluginDirs).then((v) => {
      const cfg = { dataDir: this.opts.dataDir, podCidr: this.opts.podCidr, cniVersion: v, mtu: this.opts.mtu };
      return { main: podNetworkConfList(cfg), noPorts: podNetworkConfList(cfg, { portmap: false }), lo: loopbackConfList(v) };
    });
    this.lists.catch(() => (this.lists = undefined));
    return this.lists;
  }

  /** The node subnet's masquerade rules, installed once per process (again after a failure). */
  private ensureMasquerade(): Promise<void> {
    this.masquerade ??= ensureMasquerade(this.names, this.opts.podCidr);
    this.masquerade.catch(() => (this.masquerade = undefined));
    return this.masquerade;
  }

  /** Whether the attachment's cached ADD used host ports (undefined: no cached ADD). */
  private usedHostPorts(list: NetConfList, sandboxId: string): boolean | undefined {
    const caps = getCachedCapabilityArgs(this.ctx, list, { containerId: sandboxId, netns: '', ifName: 'eth0' });
    if (!caps) return undefined;
    return ((caps.portMappings as unknown[] | undefined) ?? []).length > 0;
  }

  private runtimeConf(sandboxId: string, netnsPath: string, opts: PodNetworkOptions | undefined, ifName: string): RuntimeConf {
    return {
      containerId: sandboxId,
      netns: netnsPath,
      ifName,
      args: opts
        ? [
            ['IgnoreUnknown', '1'],
            ['K8S_POD_NAMESPACE', opts.podNamespace],
            ['K8S_POD_NAME', opts.podName],
            ['K8S_POD_INFRA_CONTAINER_ID', sandboxId],
            ['K8S_POD_UID', opts.podUid],
          ]
        : undefined,
      capabilityArgs: opts ? { portMappings: portMappingsArg(opts.portMappings) } : undefined,
    };
  }

  /** ADD: loopback up, then eth0 on the bridge with an address from this node's pod subnet. Undone on failure. */
  async setUp(sandboxId: string, netnsPath: string, opts: PodNetworkOptions): Promise<PodNetworkStatus> {
    const { main, noPorts, lo } = await this.confLists();
    const list = portMappingsArg(opts.portMappings).length > 0 ? main : noPorts;
    try {
      await this.ensureMasquerade();
      await addNetworkList(this.ctx, lo, this.runtimeConf(sandboxId, netnsPath, opts, 'lo'));
      const result = await addNetworkList(this.ctx, list, this.runtimeConf(sandboxId, netnsPath, opts, 'eth0'));
      return statusFromResult(sandboxId, result);
    } catch (e) {
      await this.tearDown(sandboxId, netnsPath, opts).catch(() => {});
      throw e;
    }
  }

  /**
   * DEL: eth0 then loopback. Idempotent. Pods that used host ports (or whose
   * ADD is not cached) get portmap's DEL too, and any rule still naming the
   * sandbox is removed here (portmap cannot when the namespace is gone).
   */
  async tearDown(sandboxId: string, netnsPath: string, opts?: PodNetworkOptions): Promise<void> {
    const { main, noPorts, lo } = await this.confLists();
    const ns = existsSync(netnsPath) ? netnsPath : '';
    const ports = this.usedHostPorts(main, sandboxId) ?? true;
    let firstError: unknown;
    for (const [list, ifName] of [[ports ? main : noPorts, 'eth0'], [lo, 'lo']] as const) {
      try {
        await delNetworkList(this.ctx, list, this.runtimeConf(sandboxId, ns, opts, ifName));
      } catch (e) {
        firstError ??= e;
      }
    }
    if (ports) await purgeNetworkRules(main.name, sandboxId);
    if (firstError) throw firstError;
  }

  /**
   * CHECK: asks every plugin whether the attachment is still as ADD left it;
   * rejects if not. portmap 1.1.1's CHECK wrongly demands ip6tables rules for
   * IPv4-only pods (containernetworking/plugins#819), so for those its DNAT
   * rules are verified here instead.
   */
  async check(sandboxId: string, netnsPath: string, opts?: PodNetworkOptions): Promise<void> {
    const { main: withPorts, noPorts, lo } = await this.confLists();
    const main = this.usedHostPorts(withPorts, sandboxId) === false ? noPorts : withPorts;
    const rt = this.runtimeConf(sandboxId, netnsPath, opts, 'eth0');
    const result = getCachedResult(this.ctx, main, rt);
    if (!result) throw new CniNotAttachedError(`sandbox ${sandboxId} is not attached to ${main.name}`);
    const v4Only = !(result.ips ?? []).some((i) => i.address.includes(':'));
    await checkNetworkList(this.ctx, lo, this.runtimeConf(sandboxId, netnsPath, opts, 'lo'));
    await checkNetworkList(this.ctx, main, rt, v4Only ? ['portmap'] : []);
    if (v4Only) {
      const caps = rt.capabilityArgs ?? getCachedCapabilityArgs(this.ctx, main, rt) ?? {};
      const mappings = (caps.portMappings ?? []) as { hostPort: number; containerPort: number; protocol: string }[];
      const missing = await missingHostportRules(main.name, sandboxId, statusFromResult(sandboxId, result).ip, mappings);
      if (missing.length > 0) throw new NetworkCheckError(`sandbox ${sandboxId}: hostPort rules missing: ${missing.join(', ')}`);
    }
  }

  /** The status recorded by the last successful ADD, if the sandbox is attached. */
  async cachedStatus(sandboxId: string): Promise<PodNetworkStatus | undefined> {
    const { main } = await this.confLists();
    const r = getCachedResult(this.ctx, main, { containerId: sandboxId, netns: '', ifName: 'eth0' });
    return r ? statusFromResult(sandboxId, r) : undefined;
  }
}
