// Strategies of the events API group, by kind.
import type { Strategy } from '../../types.js';
import { eventStrategy } from './event.js';

export const strategies: Record<string, Strategy> = {
  Event: eventStrategy,
};
