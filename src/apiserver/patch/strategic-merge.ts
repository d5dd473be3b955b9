// Strategic merge patch (`application/strategic-merge-patch+json`), driven by
// structural schemas: the x-kubernetes-patch-strategy and
// x-kubernetes-patch-merge-key extensions say which lists merge (by key, or
// as a set of scalars) and which maps are replaced; everything else follows
// JSON merge patch rules (maps merge, null deletes, lists are replaced).
// Directives: `$patch: replace|delete` in maps and `$patch: replace|delete`
// items in merging lists, `$retainKeys`, `$deleteFromPrimitiveList/<field>`
// and `$setElementOrder/<field>`. Without a schema (or for fields the schema
// does not describe) it behaves like JSON merge patch, directives honoured.
//
// Deliberate differences from upstream, where upstream copies patch values
// verbatim into the result: values added where nothing existed are cleaned
// (directives and nulls stripped, as decoding into a typed object does);
// `$deleteFromPrimitiveList` on an absent list is a no-op and on a
// non-merging list removes the values (upstream replaces the list by them).
import type { Schema } from '../schema/types.js';
import { ERR_BAD_PRIMITIVE_LIST, PatchError } from './errors.js';
import { cloneJson, goFormat, isObject, type JsonObject } from './json-value.js';
import { deref, fieldMeta, itemsSchema, type PatchMeta, type Resolver } from './schema-meta.js';
import { applyRetainKeys, applySetElementOrder, DELETE_PREFIX, extractKey } from './strategic-directives.js';
import { mergeSlice } from './strategic-list.js';
import { deleteFromSlice, DIRECTIVE } from './strategic-order.js';

export type { Resolver } from './schema-meta.js';

/** Applies a strategic merge patch; the inputs are not mutated. */
export function strategicMergePatch(original: unknown, patch: unknown, schema: Schema | undefined, resolve: Resolver): unknown {
  if (!isObject(patch)) {
    const what = Array.isArray(patch) ? 'array' : patch === null ? 'null' : typeof patch;
    throw new PatchError('malformed', `json: cannot unmarshal ${what} into Go value of type map[string]interface {}`);
  }
  const ctx: Ctx = { resolve };
  const live = isObject(original) ? cloneJson(original) : {};
  return mergeMap(ctx, live, cloneJson(patch), deref(schema, resolve));
}

export interface Ctx {
  resolve: Resolver;
}

/** Merges `patch` into `original` (both owned copies, mutated in place). */
export function mergeMap(ctx: Ctx, original: JsonObject, patch: JsonObject, schema: Schema | undefined): JsonObject {
  if (Object.prototype.hasOwnProperty.call(patch, DIRECTIVE)) {
    const directive = patch[DIRECTIVE];
    if (directive === 'replace') {
      delete patch[DIRECTIVE];
      return mergeMap(ctx, {}, patch, schema);
    }
    if (directive === 'delete') return {};
    throw new PatchError('unknown', `unknown patch type: ${goFormat(directive)} in map: ${goFormat(patch)}`);
  }
  applyRetainKeys(original, patch);
  applySetElementOrder(original, patch, (key) => fieldMeta(schema, key, ctx.resolve), (o, p, meta) => mergeList(ctx, o, p, meta, false));

  for (const [rawKey, patchV] of Object.entries(patch)) {
    let key = rawKey;
    let isDeleteList = false;
    if (rawKey.startsWith(DELETE_PREFIX)) {
      key = extractKey(rawKey, DELETE_PREFIX, ERR_BAD_PRIMITIVE_LIST);
      isDeleteList = true;
      if (patchV !== null && !Array.isArray(patchV)) throw new PatchError('malformed', ERR_BAD_PRIMITIVE_LIST);
    }
    if (patchV === null) {
      delete original[key];
      continue;
    }
    const present = Object.prototype.hasOwnProperty.call(original, key);
    if (isDeleteList && (!present || !Array.isArray(original[key]))) continue;
    const meta = fieldMeta(schema, key, ctx.resolve);
    const cur = present ? original[key] : undefined;
    if (isObject(cur) && isObject(patchV)) {
      original[key] = meta.strategy === 'replace' ? fresh(ctx, patchV, meta) : mergeMap(ctx, cur, patchV, meta.schema);
    } else if (Array.isArray(cur) && Array.isArray(patchV)) {
      original[key] = mergeList(ctx, cur, patchV, meta, isDeleteList);
    } else {
      original[key] = fresh(ctx, patchV, meta);
    }
  }
  return original;
}

/** Merges a patch list into a live list according to the field's strategy. */
function mergeList(ctx: Ctx, cur: unknown[], patchV: unknown[], meta: PatchMeta, isDeleteList: boolean): unknown[] {
  if (meta.strategy === 'merge') {
    const items = itemsSchema(meta.schema, ctx.resolve);
    return mergeSlice(cur, patchV, meta.mergeKey, isDeleteList, (o, p) => mergeMap(ctx, o, p, items));
  }
  if (isDeleteList) return deleteFromSlice(cur, patchV);
  return fresh(ctx, patchV, meta) as unknown[];
}

/** A patch value set where there is nothing to merge with, cleaned of directives and nulls. */
function fresh(ctx: Ctx, value: unknown, meta: PatchMeta): unknown {
  if (isObject(value)) return mergeMap(ctx, {}, value, meta.schema);
  if (!Array.isArray(value)) return value;
  const items = itemsSchema(meta.schema, ctx.resolve);
  // Items carrying `$patch` (delete/replace) have nothing to act on here.
  const kept = meta.strategy === 'merge' ? value.filter((v) => !(isObject(v) && DIRECTIVE in v)) : value;
  return kept.map((v) => (isObject(v) ? mergeMap(ctx, {}, v, items) : v));
}
