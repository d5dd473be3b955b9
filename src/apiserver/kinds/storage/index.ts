// Strategies of the storage API group, by kind.
import type { Strategy } from '../../types.js';
import { storageClassStrategy } from './storageclass.js';

export const strategies: Record<string, Strategy> = {
  StorageClass: storageClassStrategy,
};
