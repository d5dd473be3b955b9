// Strategies of the batch API group, by kind.
import type { Strategy } from '../../types.js';
import { cronJobStrategy } from './cronjob.js';
import { jobStrategy } from './job.js';

export const strategies: Record<string, Strategy> = {
  Job: jobStrategy,
  CronJob: cronJobStrategy,
};
