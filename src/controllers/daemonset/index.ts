// The DaemonSet controller (upstream pkg/controller/daemon).
import type { ControllerFactory } from '../types.js';
import { DaemonSetController } from './controller.js';

export const controllers: Record<string, ControllerFactory> = {
  daemonset: (ctx) => new DaemonSetController(ctx),
};
