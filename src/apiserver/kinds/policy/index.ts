// Strategies of the policy API group, by kind.
import type { Strategy } from '../../types.js';
import { podDisruptionBudgetStrategy } from './poddisruptionbudget.js';

export const strategies: Record<string, Strategy> = {
  PodDisruptionBudget: podDisruptionBudgetStrategy,
};
