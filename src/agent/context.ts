// Everything a pod sync needs, built once by the agent.
import type { StartLimiter } from './start-limiter.js';
import type { ResourceClient } from '../client/types.js';
import type { ImageService, RuntimeService } from '../cri/types.js';
import type { Backoff } from './backoff.js';
import type { DnsSettings } from './etc-files.js';
import type { Recorder } from './events.js';
import type { NodeAllocatable } from './fieldpath.js';
import type { ObjectSource } from './object-source.js';
import type { ReasonCache } from './reasons.js';
import type { VolumeManager } from './volumes/manager.js';

/** What the prober tells syncs, and hears about containers going away. */
export interface ProbeResults {
  liveness(containerId: string): 'failure' | 'success' | 'unknown';
  startup(containerId: string): 'failure' | 'success' | 'unknown';
  /** Readiness; containers without a readiness probe are ready once started. */
  readiness(containerId: string): 'failure' | 'success' | 'unknown';
  forgetContainer(containerId: string): void;
}

export interface AgentContext {
  client: ResourceClient;
  runtime: RuntimeService;
  images: ImageService;
  recorder: Recorder;
  source: ObjectSource;
  volumes: VolumeManager;
  reasons: ReasonCache;
  crashBackoff: Backoff;
  pullBackoff: Backoff;
  /** When to sync a pod again after a failed sync step (kubelet's pod worker back-off, 10 s). */
  errorBackoffMs: number;
  prober?: ProbeResults;
  nodeName: string;
  dataDir: string;
  hostIPs: string[];
  node: NodeAllocatable;
  memoryCapacity: number;
  dns: DnsSettings;
  /** The node's /etc/hosts, for hostNetwork pods. */
  nodeHosts: string;
  /** Bounds concurrent runtime work (sandbox, container create/start) across pods. */
  startLimiter?: StartLimiter;
}
