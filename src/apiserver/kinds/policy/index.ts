// Strategies of the policy API group, by kind.
import type { Strategy } from '../../types.js';

export const strategies: Record<string, Strategy> = {};
