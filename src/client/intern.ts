// Shares equal short strings between cached objects. JSON.parse makes a new
// string for every value, so 10,000 cached pods hold 10,000 copies of "True",
// "Running", the namespace, the image, the node names, the condition types and
// timestamps. Interning them as objects enter an informer's cache saves about
// a third of a cached pod's heap (measured: 2.6 → 1.7 KB per pod).
import type { KubeObject } from '../apiserver/types.js';
import { stripManagedFields } from './informer.js';

/** Longer strings are rarely repeated (and are kept as they are). */
const MAX_LENGTH = 64;
/** Past this many entries the table starts again: unique strings (uids, names) must not pile up in it. */
const MAX_ENTRIES = 20_000;

const table = new Map<string, string>();

function intern(s: string): string {
  if (s.length > MAX_LENGTH) return s;
  const hit = table.get(s);
  if (hit !== undefined) return hit;
  if (table.size >= MAX_ENTRIES) table.clear();
  table.set(s, s);
  return s;
}

/** Replaces every short string value in `v` (in place) by its shared copy; returns `v`. */
export function internStrings<T>(v: T): T {
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const x: unknown = v[i];
      if (typeof x === 'string') v[i] = intern(x);
      else if (x !== null && typeof x === 'object') internStrings(x);
    }
  } else if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    for (const k in o) {
      const x = o[k];
      if (typeof x === 'string') o[k] = intern(x);
      else if (x !== null && typeof x === 'object') internStrings(x);
    }
  }
  return v;
}

/** The transform for controllers' and the scheduler's informers: no managedFields, shared strings. */
export function compactForCache<T extends KubeObject>(obj: T): T {
  return internStrings(stripManagedFields(obj));
}
