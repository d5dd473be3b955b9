// Entry point for `skiff up`: the controller manager over every registered controller.
import type { ResourceClient } from '../client/types.js';
import { ControllerManager, type ControllerManagerOptions } from './manager.js';
import { loadRegistry } from './registry.js';

export { ControllerManager, type ControllerManagerOptions } from './manager.js';

export async function startControllerManager(client: ResourceClient, opts: ControllerManagerOptions = {}): Promise<ControllerManager> {
  const registry = await loadRegistry((e) => opts.log?.(e.message));
  const cm = new ControllerManager(client, registry, opts);
  cm.start();
  return cm;
}
