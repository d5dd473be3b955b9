// Storage controllers: the PersistentVolume binder and the local-path provisioner.
import type { ControllerFactory } from '../types.js';
import { BINDER_NAME, createBinder } from './binder.js';
import { createProvisioner, PROVISIONER_NAME } from './provisioner.js';

export const controllers: Record<string, ControllerFactory> = {
  [BINDER_NAME]: createBinder,
  [PROVISIONER_NAME]: (ctx) => createProvisioner(ctx),
};
