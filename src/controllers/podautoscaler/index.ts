// The podautoscaler controllers: the horizontal pod autoscaler.
import type { ControllerFactory } from '../types.js';
import { createHorizontalController } from './controller.js';

export const controllers: Record<string, ControllerFactory> = {
  'horizontal-pod-autoscaler': createHorizontalController,
};
