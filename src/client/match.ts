// Client-side selector matching (used by the fake client): label selectors
// with the API server's parser, field selectors over dotted object paths.
import { matches, parseLabelSelector } from '../apiserver/selectors/labels.js';
import { fieldsMatch, parseFieldSelector } from '../apiserver/selectors/fields.js';
import type { KubeObject } from '../apiserver/types.js';
import type { ListOptions } from './types.js';

/** Value at a dotted path as a field-selector string ('' when absent). */
export function fieldValue(obj: KubeObject, path: string): string {
  let cur: unknown = obj;
  for (const part of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return '';
    cur = (cur as Record<string, unknown>)[part];
  }
  if (cur === undefined || cur === null) return '';
  return typeof cur === 'object' ? JSON.stringify(cur) : String(cur);
}

/** A predicate for the label and field selectors of `opts`. */
export function selectorMatcher(opts: Pick<ListOptions, 'labelSelector' | 'fieldSelector'> = {}): (obj: KubeObject) => boolean {
  const labels = opts.labelSelector ? parseLabelSelector(opts.labelSelector) : [];
  const fields = parseFieldSelector(opts.fieldSelector ?? null);
  return (obj) => {
    if (!matches(labels, obj.metadata?.labels)) return false;
    if (fields.length === 0) return true;
    const values: Record<string, string> = {};
    for (const f of fields) values[f.field] = fieldValue(obj, f.field);
    return fieldsMatch(fields, values);
  };
}
