// The deployment controller folder: registered as 'deployment' like upstream.
import type { ControllerFactory } from '../types.js';
import { createDeploymentController } from './controller.js';

export const controllers: Record<string, ControllerFactory> = {
  deployment: createDeploymentController,
};
