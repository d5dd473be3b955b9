// The controller manager's contracts (kube-controller-manager's shape): one
// folder per controller, each built by a factory from a shared context, event
// handlers that only enqueue keys, and writes through the ResourceClient
// (faked in unit tests by src/client/fake.ts).
import type { ResourceClient } from '../client/types.js';
import type { Recorder } from '../agent/events.js';
import type { InformerFactory } from './informers.js';

export interface ControllerContext {
  client: ResourceClient;
  /** Shared informers: one list+watch per resource for all controllers. */
  informers: InformerFactory;
  /** An event recorder for `component` (e.g. 'replicaset-controller'). */
  recorder(component: string): Recorder;
  log(line: string): void;
  /** Tunables shared by controllers (durations in ms). */
  options: ControllerOptions;
}

export interface ControllerOptions {
  /** Workers per controller (default 5, like upstream's concurrent syncs). */
  workers?: number;
  /** Node lifecycle: a node whose Lease is older than this is NotReady/Unknown (default 40 s). */
  nodeMonitorGracePeriodMs?: number;
  /** Node lifecycle: how often nodes are checked (default 5 s). */
  nodeMonitorPeriodMs?: number;
  /** Node lifecycle: the grace for nodes that never reported Ready (default 60 s). */
  nodeStartupGracePeriodMs?: number;
  /** Data dir of the local-path provisioner's volumes (default <dataDir>/storage). */
  storageDir?: string;
  /** HPA sync period (default 15 s). */
  hpaSyncPeriodMs?: number;
  /** Job pod re-creation back-off: first delay and ceiling (defaults 10 s, 6 min). */
  jobBackoffBaseMs?: number;
  jobBackoffMaxMs?: number;
  /** Job: how long pod events are batched before a sync (default 1 s). */
  jobSyncBatchPeriodMs?: number;
}

/** A running controller. `run` registers handlers and starts workers; informers start after. */
export interface Controller {
  readonly name: string;
  run(): void;
  /** Stops the workers (informers are stopped by the manager). */
  stop(): Promise<void>;
}

export type ControllerFactory = (ctx: ControllerContext) => Controller;
