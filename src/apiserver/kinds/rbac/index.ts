// Strategies of the rbac API group, by kind.
import type { Strategy } from '../../types.js';

export const strategies: Record<string, Strategy> = {};
