// The runtime's NetworkPlugin seam (src/runtime/network.ts) backed by CNI.
import type { PodSandboxConfig } from '../cri/types.js';
import type { NetworkPlugin, NetworkSetUp } from '../runtime/network.js';
import { CniNetwork, type CniNetworkOptions } from './cni-network.js';
import type { PodNetworkOptions } from './types.js';

export function podNetworkOptions(config: PodSandboxConfig): PodNetworkOptions {
  return {
    podName: config.metadata.name,
    podNamespace: config.metadata.namespace,
    podUid: config.metadata.uid,
    portMappings: config.portMappings,
  };
}

export class CniNetworkPlugin implements NetworkPlugin {
  readonly network: CniNetwork;

  constructor(opts: CniNetworkOptions) {
    this.network = new CniNetwork(opts);
  }

  async setUp(sandboxId: string, netnsPath: string, config: PodSandboxConfig): Promise<NetworkSetUp> {
    const st = await this.network.setUp(sandboxId, netnsPath, podNetworkOptions(config));
    return { ip: st.ip };
  }

  tearDown(sandboxId: string, netnsPath: string, config: PodSandboxConfig): Promise<void> {
    return this.network.tearDown(sandboxId, netnsPath, podNetworkOptions(config));
  }

  check(sandboxId: string, netnsPath: string, config: PodSandboxConfig): Promise<void> {
    return this.network.check(sandboxId, netnsPath, podNetworkOptions(config));
  }
}
