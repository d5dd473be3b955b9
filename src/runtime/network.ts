// Pod networking seam. The runtime creates the sandbox's network namespace
// and calls a NetworkPlugin on it (CNI ADD/DEL in the real implementation).
import type { PodSandboxConfig } from '../cri/types.js';
import { inNetns } from './netns.js';

export interface NetworkSetUp {
  ip: string;
  additionalIps?: string[];
}

export interface NetworkPlugin {
  /** Configures the pod's network in `netnsPath` (CNI ADD). */
  setUp(sandboxId: string, netnsPath: string, config: PodSandboxConfig): Promise<NetworkSetUp>;
  /** Releases what setUp configured (CNI DEL); must tolerate a missing netns and repeated calls. */
  tearDown(sandboxId: string, netnsPath: string, config: PodSandboxConfig): Promise<void>;
}

/** Loopback only: brings up `lo` in the pod's namespace; the pod has no other address. */
export class LoopbackNetwork implements NetworkPlugin {
  async setUp(_sandboxId: string, netnsPath: string): Promise<NetworkSetUp> {
    await inNetns(netnsPath, 'ip', ['link', 'set', 'lo', 'up']);
    return { ip: '' };
  }

  async tearDown(): Promise<void> {}
}
