// Applying a PATCH request body to the current object. Pure functions: the
// caller decodes the body, picks the patch type from the Content-Type
// (application/json-patch+json → 'json', application/merge-patch+json →
// 'merge', application/strategic-merge-patch+json → 'strategic'), then
// validates the result. Failures are PatchErrors (see errors.ts for the
// status each kind maps to).
import type { Schema } from '../schema/types.js';
import { ERR_BAD_JSON_PATCH, PatchError } from './errors.js';
import { applyJsonPatch } from './json-patch.js';
import { isObject } from './json-value.js';
import { mergePatch } from './merge-patch.js';
import type { Resolver } from './schema-meta.js';
import { strategicMergePatch } from './strategic-merge.js';

export { PatchError, MAX_JSON_PATCH_OPERATIONS, type PatchErrorKind } from './errors.js';
export { applyJsonPatch } from './json-patch.js';
export { mergePatch } from './merge-patch.js';
export { strategicMergePatch } from './strategic-merge.js';
export type { Resolver } from './schema-meta.js';

export type PatchType = 'json' | 'merge' | 'strategic';

export const PATCH_CONTENT_TYPES: Record<string, PatchType> = {
  'application/json-patch+json': 'json',
  'application/merge-patch+json': 'merge',
  'application/strategic-merge-patch+json': 'strategic',
};

const noRefs: Resolver = (s) => {
  throw new PatchError('unknown', `cannot resolve schema reference ${s.$ref ?? ''}`);
};

/**
 * Applies `patchBody` (already JSON-decoded) to `original` and returns the
 * new object; `original` and `patchBody` are left untouched. The result of a
 * merge or JSON patch must still be an object.
 */
export function applyPatch(
  type: PatchType,
  original: unknown,
  patchBody: unknown,
  schema?: Schema,
  resolve: Resolver = noRefs,
): unknown {
  let result: unknown;
  switch (type) {
    case 'json':
      result = applyJsonPatch(original, patchBody);
      break;
    case 'merge':
      if (patchBody === null || patchBody === undefined) throw new PatchError('malformed', ERR_BAD_JSON_PATCH);
      result = mergePatch(original, patchBody);
      break;
    case 'strategic':
      return strategicMergePatch(original, patchBody, schema, resolve);
    default:
      throw new PatchError('malformed', `unknown patch type: ${String(type)}`);
  }
  if (!isObject(result)) {
    const what = Array.isArray(result) ? 'a list' : result === null ? 'null' : `a ${typeof result}`;
    throw new PatchError('invalid', `the patched document must be a JSON object, not ${what}`);
  }
  return result;
}
