// The StatefulSet controller for the controller manager's registry.
import type { ControllerFactory } from '../types.js';
import { createStatefulSetController } from './controller.js';

export const controllers: Record<string, ControllerFactory> = {
  statefulset: createStatefulSetController,
};
