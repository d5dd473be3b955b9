// Strategies of the discovery API group, by kind.
import type { Strategy } from '../../types.js';
import { endpointSliceStrategy } from './endpointslice.js';

export const strategies: Record<string, Strategy> = {
  EndpointSlice: endpointSliceStrategy,
};
