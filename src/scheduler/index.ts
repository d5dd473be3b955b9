// Entry point for `skiff up`: runs the scheduler against the API server.
import type { ResourceClient } from '../client/types.js';
import { Scheduler, type SchedulerOptions } from './scheduler.js';

export { Scheduler, type SchedulerOptions } from './scheduler.js';
export { REGISTRY, DEFAULT_PLUGINS } from './plugins/registry.js';

export interface RunningScheduler {
  scheduler: Scheduler;
  /** Resolves once the caches are synced and pods are being scheduled. */
  ready: Promise<void>;
  /** Stops the loop and the watches; waits for bindings in flight. */
  stop(): Promise<void>;
}

export function startScheduler(client: ResourceClient, opts: SchedulerOptions = {}): RunningScheduler {
  const scheduler = new Scheduler(client, opts);
  const ready = scheduler.start();
  ready.catch((e: unknown) => opts.log?.(`scheduler failed to start: ${(e as Error).message}`));
  return { scheduler, ready, stop: () => scheduler.stop() };
}
