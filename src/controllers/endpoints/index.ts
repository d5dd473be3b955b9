// Endpoint controllers: core/v1 Endpoints and discovery.k8s.io/v1 EndpointSlices for Services with selectors.
import type { ControllerFactory } from '../types.js';
import { createEndpointsController } from './endpoints-controller.js';
import { createEndpointSliceController } from './endpointslice-controller.js';

export const controllers: Record<string, ControllerFactory> = {
  endpoints: createEndpointsController,
  endpointslice: createEndpointSliceController,
};
