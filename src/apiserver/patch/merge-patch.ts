// RFC 7386 JSON Merge Patch (`application/merge-patch+json`): objects merge
// recursively, null deletes a member, anything else (arrays included)
// replaces. Like evanphx/json-patch v4, nulls inside a value that is set
// rather than merged are pruned from objects (null array items are kept).
// The inputs are never mutated.
import { cloneJson, isObject, type JsonObject } from './json-value.js';

export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return pruneNulls(patch);
  const out: JsonObject = isObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) {
      delete out[key];
    } else if (isObject(value) && isObject(out[key])) {
      out[key] = mergePatch(out[key], value);
    } else {
      out[key] = pruneNulls(value);
    }
  }
  // Members taken over from the target are shared; copy them so the caller
  // may mutate the result freely.
  for (const key of Object.keys(out)) {
    if (!Object.prototype.hasOwnProperty.call(patch, key)) out[key] = cloneJson(out[key]);
  }
  return out;
}

/** Copy of `v` without null-valued object members, at any depth. */
export function pruneNulls(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(pruneNulls);
  if (isObject(v)) {
    const out: JsonObject = {};
    for (const [k, x] of Object.entries(v)) if (x !== null) out[k] = pruneNulls(x);
    return out;
  }
  return v;
}
