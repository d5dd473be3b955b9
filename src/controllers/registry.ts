// Which controller folders `skiff up` loads. Each folder's index.ts exports
// `controllers: Record<string, ControllerFactory>` (a folder may hold several,
// e.g. ReplicaSet and ReplicationController). Folders load lazily so a
// control-plane-only server stays small.
import type { ControllerFactory } from './types.js';

export const CONTROLLER_FOLDERS = [
  'replicaset',
  'deployment',
  'statefulset',
  'daemonset',
  'job',
  'cronjob',
  'garbagecollector',
  'endpoints',
  'serviceaccount',
  'nodelifecycle',
  'disruption',
  'storage',
  'podautoscaler',
  'servicelb',
];

export class ControllerLoadError extends Error {
  constructor(folder: string, cause: unknown) {
    super(`loading controllers from ${folder}: ${(cause as Error)?.message ?? String(cause)}`);
    this.name = 'ControllerLoadError';
  }
}

/** Loads every folder's factories; a folder that fails to load is reported and skipped. */
export async function loadRegistry(onError: (e: Error) => void = () => {}): Promise<Record<string, ControllerFactory>> {
  const out: Record<string, ControllerFactory> = {};
  for (const folder of CONTROLLER_FOLDERS) {
    try {
      const mod = (await import(`./${folder}/index.js`)) as { controllers?: Record<string, ControllerFactory> };
      Object.assign(out, mod.controllers ?? {});
    } catch (e) {
      onError(new ControllerLoadError(folder, e));
    }
  }
  return out;
}
