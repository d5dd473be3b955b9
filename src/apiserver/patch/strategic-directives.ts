// The parallel-key directives of a strategic merge patch map: `$retainKeys`
// and `$setElementOrder/<field>` (upstream applyRetainKeysDirective and
// mergePatchIntoOriginal with MergeParallelList, as the server applies them).
import { ERR_BAD_RETAIN_KEYS, ERR_BAD_SET_ELEMENT_ORDER, PatchError } from './errors.js';
import { goFormat, isObject, type JsonObject } from './json-value.js';
import type { PatchMeta } from './schema-meta.js';
import { badArgType, DIRECTIVE, elementKind, isDeleteItem, noMergeKey, normalizeElementOrder, partition } from './strategic-order.js';

export const RETAIN_KEYS = '$retainKeys';
export const DELETE_PREFIX = '$deleteFromPrimitiveList';
export const ORDER_PREFIX = '$setElementOrder';

/** `$deleteFromPrimitiveList/finalizers` → `finalizers`; a bad prefix is a malformed patch. */
export function extractKey(key: string, prefix: string, errMessage: string): string {
  const slash = key.indexOf('/');
  if (slash < 0 || key.slice(0, slash) !== prefix) throw new PatchError('malformed', errMessage);
  return key.slice(slash + 1);
}

/** Drops live keys missing from `$retainKeys`; the patch may only set retained keys. */
export function applyRetainKeys(original: JsonObject, patch: JsonObject): void {
  if (!Object.prototype.hasOwnProperty.call(patch, RETAIN_KEYS)) return;
  const list = patch[RETAIN_KEYS];
  delete patch[RETAIN_KEYS];
  if (!Array.isArray(list)) throw new PatchError('malformed', ERR_BAD_RETAIN_KEYS);
  const keep = new Set(list);
  for (const [k, v] of Object.entries(patch)) {
    if (v === null || k.startsWith(DELETE_PREFIX) || k.startsWith(ORDER_PREFIX)) continue;
    if (!keep.has(k)) throw new PatchError('malformed', ERR_BAD_RETAIN_KEYS);
  }
  for (const k of Object.keys(original)) if (!keep.has(k)) delete original[k];
}

type MergeList = (original: unknown[], patch: unknown[], meta: PatchMeta) => unknown[];

/**
 * Processes each `$setElementOrder/<field>`: merges the field's patch list
 * (if any) into the live list, then orders the result: listed items in the
 * directive's order, server-only items interleaved by their live position.
 * The field is removed from the patch so the main loop skips it.
 */
export function applySetElementOrder(
  original: JsonObject,
  patch: JsonObject,
  metaFor: (key: string) => PatchMeta,
  mergeList: MergeList,
): void {
  for (const directiveKey of Object.keys(patch)) {
    if (!directiveKey.startsWith(ORDER_PREFIX)) continue;
    const order = patch[directiveKey];
    delete patch[directiveKey];
    if (!Array.isArray(order)) throw badArgType('[]interface {}', order);
    const key = extractKey(directiveKey, ORDER_PREFIX, ERR_BAD_SET_ELEMENT_ORDER);
    const foundOriginal = Object.prototype.hasOwnProperty.call(original, key);
    const foundPatch = Object.prototype.hasOwnProperty.call(patch, key);
    const live = foundOriginal ? original[key] : undefined;
    const patchList = foundPatch ? patch[key] : undefined;
    if (foundPatch && patchList === null) continue; // the list is deleted; nothing to order
    if (foundOriginal && !Array.isArray(live)) throw badArgType('[]interface {}', live);
    if (foundPatch && !Array.isArray(patchList)) throw badArgType('[]interface {}', patchList);
    const meta = metaFor(key);
    validateOrder((patchList as unknown[] | undefined) ?? [], order, meta.mergeKey);
    if (!foundOriginal && !foundPatch) continue;

    const liveList = (live as unknown[] | undefined) ?? [];
    const merged = foundPatch ? mergeList(liveList, patchList as unknown[], meta) : liveList;
    delete patch[key];
    const kind = elementKind(liveList, (patchList as unknown[] | undefined) ?? []);
    if (kind === undefined || (kind === 'map' && meta.mergeKey === '')) {
      original[key] = merged;
      continue;
    }
    const mergeKey = kind === 'map' ? meta.mergeKey : '';
    const [listed, serverOnly] = partition(merged, order, mergeKey, kind);
    original[key] = normalizeElementOrder(listed, serverOnly, order, liveList, mergeKey, kind);
  }
}

function keyEqual(a: unknown, b: unknown, mergeKey: string): boolean {
  if (mergeKey === '') return a === b;
  if (!isObject(a)) throw badArgType('map[string]interface {}', a);
  if (!isObject(b)) throw badArgType('map[string]interface {}', b);
  if (!Object.prototype.hasOwnProperty.call(a, mergeKey)) throw noMergeKey(a, mergeKey);
  if (!Object.prototype.hasOwnProperty.call(b, mergeKey)) throw noMergeKey(b, mergeKey);
  return a[mergeKey] === b[mergeKey];
}

/** The patch list's items must appear in `$setElementOrder` in the same relative order. */
function validateOrder(patchList: unknown[], order: unknown[], mergeKey: string): void {
  if (patchList.length === 0 || order.length === 0) return;
  let items = patchList;
  if (mergeKey !== '') {
    for (const v of patchList) if (!isObject(v)) throw badArgType('map[string]interface {}', v);
    items = patchList.filter((v) => !isDeleteItem(v));
  }
  let p = 0;
  let o = 0;
  while (p < items.length && o < order.length) {
    const item = items[p];
    if (isObject(item) && Object.prototype.hasOwnProperty.call(item, DIRECTIVE)) {
      p++;
      continue;
    }
    if (keyEqual(item, order[o], mergeKey)) p++;
    o++;
  }
  if (p < items.length && o >= order.length) {
    throw new PatchError(
      'unknown',
      `The order in patch list:\n${goFormat(patchList)}\n doesn't match ${ORDER_PREFIX} list:\n${goFormat(order)}\n`,
    );
  }
}
