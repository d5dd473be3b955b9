// The disruption controller (PodDisruptionBudget status).
import type { ControllerFactory } from '../types.js';
import { DisruptionController } from './controller.js';

export const controllers: Record<string, ControllerFactory> = {
  disruption: (ctx) => new DisruptionController(ctx),
};
