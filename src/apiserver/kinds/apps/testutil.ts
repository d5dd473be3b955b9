// Test fixtures shared by the apps and batch strategy tests.
import type { FieldError } from '../../validation/field.js';
import type { StrategyContext } from '../../types.js';

export const ctx: StrategyContext = { namespace: 'default', subresource: '', dryRun: false };

/** [field, type] pairs, the shape most assertions compare. */
export const brief = (errs: FieldError[]): string[][] => errs.map((e) => [e.field, e.type]);

/** A pod template that passes validation once defaulted. */
export function podTemplate(labels: Record<string, string> = { app: 'web' }, spec: Record<string, unknown> = {}): Record<string, unknown> {
  return { metadata: { labels }, spec: { containers: [{ name: 'web', image: 'nginx:1.25' }], ...spec } };
}
