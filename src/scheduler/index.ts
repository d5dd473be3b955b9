// Entry point for `skiff up`: runs the scheduler against the API server.
import type { ResourceClient } from '../client/types.js';
import { Scheduler, type SchedulerOptions } from './scheduler.js';

export { Scheduler, type SchedulerOptions } from './scheduler.js';
export { REGISTRY, DEFAULT_PLUGINS } from './plugins/registry.js';

export interface RunningScheduler {
  stop(): Promise<void>;
  scheduler: Scheduler;
}

/** Starts the scheduler; resolves once its caches are synced and it is scheduling. */
export async function startScheduler(client: ResourceClient, opts: SchedulerOptions = {}): Promise<RunningScheduler> {
  const s = new Scheduler(client, opts);
  await s.start();
  return { scheduler: s, stop: () => s.stop() };
}
