// The CronJob controller ('cronjob', upstream's v2 controller).
import type { ControllerFactory } from '../types.js';
import { createCronJobController } from './controller.js';

export const controllers: Record<string, ControllerFactory> = {
  cronjob: createCronJobController,
};
