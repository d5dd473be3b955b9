// List helpers of the strategic merge patch: element kinds, partitioning and
// the ordering rules of upstream's normalizeElementOrder/mergeSortedSlice
// (patch order, then $setElementOrder, win over the live order; server-only
// items keep their relative order and are interleaved by live position).
import { ERR_NO_LIST_OF_LISTS, PatchError } from './errors.js';
import { goFormat, goTypeName, isObject, type JsonObject } from './json-value.js';

export type ElementKind = 'map' | 'scalar';
export const DIRECTIVE = '$patch';

export const noMergeKey = (m: unknown, key: string): PatchError =>
  new PatchError('unknown', `map: ${goFormat(m)} does not contain declared merge key: ${key}`);
export const badArgType = (expected: string, actual: unknown): PatchError =>
  new PatchError('unknown', `expected a ${expected}, but received a ${goTypeName(actual)}`);

function typeTag(v: unknown): string {
  if (Array.isArray(v)) return 'list';
  if (isObject(v)) return 'map';
  return v === null ? 'null' : typeof v;
}

/** The common element kind of some lists (upstream sliceElementType); undefined when all are empty. */
export function elementKind(...lists: unknown[][]): ElementKind | undefined {
  let first: string | undefined;
  for (const list of lists) {
    for (const v of list) {
      const tag = typeTag(v);
      if (first === undefined) {
        if (tag === 'list') throw new PatchError('invalid', ERR_NO_LIST_OF_LISTS);
        first = tag;
      } else if (tag !== first) {
        throw new PatchError('unknown', `list element types are not identical: ${goFormat(lists)}`);
      }
    }
  }
  if (first === undefined) return undefined;
  return first === 'map' ? 'map' : 'scalar';
}

/** Position of `item` in `list`, matching maps by merge key value and scalars by value. */
export function indexIn(list: unknown[], item: unknown, mergeKey: string, kind: ElementKind): number {
  const val = (x: unknown): unknown => (kind === 'map' ? (isObject(x) ? x[mergeKey] : undefined) : x);
  const want = val(item);
  return list.findIndex((x) => val(x) === want);
}

export function requireMergeKey(list: unknown[], mergeKey: string): void {
  for (const item of list) {
    if (!isObject(item)) throw badArgType('map[string]interface {}', item);
    if (!Object.prototype.hasOwnProperty.call(item, mergeKey)) throw noMergeKey(item, mergeKey);
  }
}

export function isDeleteItem(v: unknown): boolean {
  return isObject(v) && v[DIRECTIVE] === 'delete';
}

/** Stable sort of `toSort` by position in `order` (items with `$patch: delete` last). */
export function sortByOrder(toSort: unknown[], order: unknown[], mergeKey: string, kind: ElementKind): unknown[] {
  let items = toSort;
  let deletes: unknown[] = [];
  if (kind === 'map') {
    requireMergeKey(toSort, mergeKey);
    requireMergeKey(order, mergeKey);
    items = toSort.filter((v) => !isDeleteItem(v));
    deletes = toSort.filter(isDeleteItem);
  }
  const pos = items.map((v) => indexIn(order, v, mergeKey, kind));
  const idx = items.map((_, i) => i);
  // Insertion sort, as Go's sort.SliceStable does for small inputs; items
  // missing from `order` compare as "less" exactly like upstream.
  const less = (a: number, b: number): boolean => (pos[a]! >= 0 && pos[b]! >= 0 ? pos[a]! < pos[b]! : true);
  for (let i = 1; i < idx.length; i++) {
    for (let j = i; j > 0 && less(idx[j]!, idx[j - 1]!); j--) [idx[j], idx[j - 1]] = [idx[j - 1]!, idx[j]!];
  }
  return [...idx.map((i) => items[i]), ...deletes];
}

/** Interleaves server-only items (`left`) into patch items (`right`) by live order. */
export function mergeSorted(left: unknown[], right: unknown[], serverOrder: unknown[], mergeKey: string, kind: ElementKind): unknown[] {
  const out: unknown[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length || j < right.length) {
    if (i >= left.length) out.push(right[j++]);
    else if (j >= right.length) out.push(left[i++]);
    else {
      const li = indexIn(serverOrder, left[i], mergeKey, kind);
      const ri = indexIn(serverOrder, right[j], mergeKey, kind);
      if (li >= 0 && ri >= 0 && li < ri) out.push(left[i++]);
      else out.push(right[j++]);
    }
  }
  return out;
}

export function normalizeElementOrder(
  patchItems: unknown[],
  serverOnly: unknown[],
  patchOrder: unknown[],
  serverOrder: unknown[],
  mergeKey: string,
  kind: ElementKind,
): unknown[] {
  const p = sortByOrder(patchItems, patchOrder, mergeKey, kind);
  const s = sortByOrder(serverOnly, serverOrder, mergeKey, kind);
  return mergeSorted(s, p, serverOrder, mergeKey, kind);
}

/** Splits `merged` into items present in `by` and server-only items. */
export function partition(merged: unknown[], by: unknown[], mergeKey: string, kind: ElementKind): [unknown[], unknown[]] {
  const inBy: unknown[] = [];
  const serverOnly: unknown[] = [];
  if (kind === 'map') {
    requireMergeKey(merged, mergeKey);
    for (const v of merged) {
      const key = (v as JsonObject)[mergeKey];
      const found = by.some((b, k) => {
        if (!isObject(b)) throw new PatchError('unknown', `value for key ${k} is not a map.`);
        return Object.prototype.hasOwnProperty.call(b, mergeKey) && b[mergeKey] === key;
      });
      (found ? inBy : serverOnly).push(v);
    }
  } else {
    const set = new Set(by);
    for (const v of merged) (set.has(v) ? inBy : serverOnly).push(v);
  }
  return [inBy, serverOnly];
}

export function dedupeScalars(list: unknown[]): unknown[] {
  return [...new Set(list)];
}

export function deleteFromSlice(current: unknown[], toDelete: unknown[]): unknown[] {
  const set = new Set(toDelete);
  return current.filter((v) => !set.has(v));
}
