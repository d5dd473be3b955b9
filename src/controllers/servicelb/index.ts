// ServiceLB: node addresses for LoadBalancer Services (k3s's embedded load balancer).
import type { ControllerFactory } from '../types.js';
import { createServiceLBController } from './servicelb.js';

export const controllers: Record<string, ControllerFactory> = {
  servicelb: createServiceLBController,
};
