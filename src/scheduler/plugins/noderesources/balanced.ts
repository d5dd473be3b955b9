// NodeResourcesBalancedAllocation: favours nodes whose cpu and memory would be
// used in similar proportions: score = (1 − standard deviation of the
// requested/allocatable fractions) × 100.
import type { ScorePlugin } from '../../framework/interfaces.js';
import { allocatableAndRequested, DEFAULT_RESOURCES, type ResourceSpec } from './scoring.js';

export const BALANCED_NAME = 'NodeResourcesBalancedAllocation';

export function newBalancedAllocation(args: Record<string, unknown>): ScorePlugin {
  const resources = (args.resources as ResourceSpec[] | undefined) ?? DEFAULT_RESOURCES;
  return {
    name: BALANCED_NAME,
    score(_state, pod, ni) {
      const fractions: number[] = [];
      for (const r of resources) {
        const { allocatable, requested } = allocatableAndRequested(ni, pod, r.name);
        if (allocatable === 0) continue;
        fractions.push(Math.min(requested / allocatable, 1));
      }
      let std = 0;
      if (fractions.length === 2) std = Math.abs(fractions[0] - fractions[1]) / 2;
      else if (fractions.length > 2) {
        const mean = fractions.reduce((a, b) => a + b, 0) / fractions.length;
        std = Math.sqrt(fractions.reduce((a, f) => a + (f - mean) ** 2, 0) / fractions.length);
      }
      return Math.floor((1 - std) * 100);
    },
  };
}
