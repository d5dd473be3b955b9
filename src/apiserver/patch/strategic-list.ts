// Merging one list of a strategic merge patch (upstream mergeSlice):
// scalars are unioned (or removed with $deleteFromPrimitiveList); maps are
// matched by merge key and merged, new ones added; `$patch: delete` items
// remove every match, `$patch: replace` replaces the whole list.
import { PatchError } from './errors.js';
import { goFormat, isObject, type JsonObject } from './json-value.js';
import {
  DIRECTIVE,
  dedupeScalars,
  deleteFromSlice,
  elementKind,
  noMergeKey,
  normalizeElementOrder,
  partition,
} from './strategic-order.js';

/** Merges one patch map into one live map (or into `{}` for new values). */
export type MergeItem = (original: JsonObject, patch: JsonObject) => JsonObject;

export function mergeSlice(
  original: unknown[],
  patch: unknown[],
  mergeKey: string,
  isDeleteList: boolean,
  mergeItem: MergeItem,
): unknown[] {
  if (original.length === 0 && patch.length === 0) return original;
  const kind = elementKind(original, patch)!;
  let merged: unknown[];
  let serverOrder = original;
  let patchOrder = patch;
  if (kind === 'scalar') {
    if (isDeleteList) return deleteFromSlice(original, patch);
    merged = dedupeScalars([...original, ...patch]);
  } else {
    if (mergeKey === '') throw new PatchError('unknown', 'cannot merge lists without merge key for type map');
    const special = applySpecialElements(original, patch as JsonObject[], mergeKey, mergeItem);
    serverOrder = special.original;
    patchOrder = special.patch;
    merged = mergeByKey(special.original, special.patch, mergeKey, mergeItem);
  }
  const [patchItems, serverOnly] = partition(merged, patchOrder, mergeKey, kind);
  return normalizeElementOrder(patchItems, serverOnly, patchOrder, serverOrder, mergeKey, kind);
}

/** Handles items carrying `$patch`; returns the remaining live list and patch items. */
function applySpecialElements(
  original: unknown[],
  patch: JsonObject[],
  mergeKey: string,
  mergeItem: MergeItem,
): { original: unknown[]; patch: JsonObject[] } {
  const plain: JsonObject[] = [];
  let replace = false;
  let live = original;
  for (const item of patch) {
    if (!Object.prototype.hasOwnProperty.call(item, DIRECTIVE)) {
      plain.push(item);
      continue;
    }
    const directive = item[DIRECTIVE];
    if (directive === 'delete') {
      if (!Object.prototype.hasOwnProperty.call(item, mergeKey)) throw noMergeKey(item, mergeKey);
      const key = item[mergeKey];
      live = live.filter((v, k) => {
        if (!isObject(v)) throw new PatchError('unknown', `value for key ${k} is not a map.`);
        return !(Object.prototype.hasOwnProperty.call(v, mergeKey) && v[mergeKey] === key);
      });
    } else if (directive === 'replace') {
      replace = true; // keep scanning so other directive items are dropped
    } else if (directive === 'merge') {
      throw new PatchError('unknown', 'merging lists cannot yet be specified in the patch');
    } else {
      throw new PatchError('unknown', `unknown patch type: ${goFormat(directive)} in map: ${goFormat(item)}`);
    }
  }
  if (replace) return { original: plain.map((item) => mergeItem({}, item)), patch: [] };
  return { original: live, patch: plain };
}

/** Merges patch maps into live maps with the same merge key value; appends the others. */
function mergeByKey(original: unknown[], patch: JsonObject[], mergeKey: string, mergeItem: MergeItem): unknown[] {
  const out = [...original];
  for (const item of patch) {
    if (!Object.prototype.hasOwnProperty.call(item, mergeKey)) throw noMergeKey(item, mergeKey);
    const key = item[mergeKey];
    const idx = out.findIndex((v, k) => {
      if (!isObject(v)) throw new PatchError('unknown', `value for key ${k} is not a map.`);
      return Object.prototype.hasOwnProperty.call(v, mergeKey) && v[mergeKey] === key;
    });
    if (idx >= 0) out[idx] = mergeItem(out[idx] as JsonObject, item);
    else out.push(mergeItem({}, item));
  }
  return out;
}
