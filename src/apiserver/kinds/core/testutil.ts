// Helpers for the core strategy tests.
import type { KubeObject, StrategyContext } from '../../types.js';
import type { FieldError } from '../../validation/field.js';

export const ctx: StrategyContext = { namespace: 'default', subresource: '', dryRun: false };

/** `type field` pairs, easy to assert on. */
export function summary(errs: FieldError[]): string[] {
  return errs.map((e) => `${e.type} ${e.field}`);
}

export function copy<T extends KubeObject>(o: T): T {
  return structuredClone(o);
}
