// Strategies of the apiextensions API group, by kind.
import type { Strategy } from '../../types.js';
import { crdStrategy } from '../../crd/strategy.js';

export const strategies: Record<string, Strategy> = {
  CustomResourceDefinition: crdStrategy,
};
