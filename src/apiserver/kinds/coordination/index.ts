// Strategies of the coordination API group, by kind.
import type { Strategy } from '../../types.js';
import { leaseStrategy } from './lease.js';

export const strategies: Record<string, Strategy> = {
  Lease: leaseStrategy,
};
