// Node lifecycle (upstream pkg/controller/nodelifecycle) and the NoExecute
// taint manager (pkg/controller/tainteviction).
import type { ControllerFactory } from '../types.js';
import { NodeLifecycleController } from './controller.js';
import { TaintEvictionController } from './taint-controller.js';

export const controllers: Record<string, ControllerFactory> = {
  nodelifecycle: (ctx) => new NodeLifecycleController(ctx),
  'taint-eviction-controller': (ctx) => new TaintEvictionController(ctx),
};
