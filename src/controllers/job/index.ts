// The batch Job controllers: 'job' (pods, completions, failures, status)
// and 'ttl-after-finished' (deleting finished Jobs after their TTL).
import type { ControllerFactory } from '../types.js';
import { createJobController } from './controller.js';
import { createTTLAfterFinishedController } from './ttl.js';

export const controllers: Record<string, ControllerFactory> = {
  job: createJobController,
  'ttl-after-finished': createTTLAfterFinishedController,
};
