// CNI data shapes (CNI spec v1.0.0: network configuration lists, plugin
// configuration, the ADD result) and Skiff's network-plugin contract.
import type { PortMapping } from '../cri/types.js';

/** One plugin's configuration inside a list; `type` names the plugin binary. */
export interface PluginConf {
  type: string;
  capabilities?: Record<string, boolean>;
  [key: string]: unknown;
}

/** A network configuration list (".conflist"). */
export interface NetConfList {
  cniVersion: string;
  name: string;
  disableCheck?: boolean;
  plugins: PluginConf[];
}

export interface CniInterface {
  name: string;
  mac?: string;
  sandbox?: string;
}

export interface CniIpConfig {
  /** CIDR notation: the address and its prefix, e.g. "10.42.0.5/24". */
  address: string;
  gateway?: string;
  /** Index into `interfaces`. */
  interface?: number;
}

export interface CniRoute {
  dst: string;
  gw?: string;
}

/** The result of ADD (spec 1.0.0). */
export interface CniResult {
  cniVersion: string;
  interfaces?: CniInterface[];
  ips?: CniIpConfig[];
  routes?: CniRoute[];
  dns?: { nameservers?: string[]; domain?: string; search?: string[]; options?: string[] };
}

/** Per-attachment parameters (CNI_CONTAINERID, CNI_NETNS, CNI_IFNAME, CNI_ARGS, capability args). */
export interface RuntimeConf {
  containerId: string;
  netns: string;
  ifName: string;
  /** CNI_ARGS as ordered key/value pairs. */
  args?: [string, string][];
  /** Capability arguments, e.g. { portMappings: [...] }: passed as runtimeConfig to plugins declaring the capability. */
  capabilityArgs?: Record<string, unknown>;
}

export interface PodNetworkOptions {
  podName: string;
  podNamespace: string;
  podUid: string;
  portMappings?: PortMapping[];
}

export interface PodNetworkStatus {
  ip: string;
  gateway: string;
  interface: string;
}
