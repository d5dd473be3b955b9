// The FieldsV1 a create records for its manager, in one walk of the new
// object. It is what trackUpdate computes on create (compare the zero-valued
// object with the new one; every field the new object sets is added; minus
// the reset fields, recursively, and the stripped metadata fields, path by
// path), without building and combining FieldSets: creates are the API
// server's hottest write path. created-fields.test.ts checks it against the
// general computation.
import type { Schema } from '../schema/types.js';
import { deepEqual } from './compare.js';
import type { FieldSet } from './fieldset.js';
import { type PathElement, comparePE, fieldPE } from './path-element.js';
import type { NodeType, SchemaNav } from './schema-nav.js';
import { sortBy, sortStrings } from './small-sort.js';

type Fields = Record<string, unknown>;
type MapType = Extract<NodeType, { kind: 'map' }>;
type ListType = Extract<NodeType, { kind: 'list' }>;

/**
 * What one node records: LEAF (its path only), a subtree (its path and, in
 * it, the paths below), or nothing. Subtrees are FieldsV1 objects under
 * construction, keys already in upstream order.
 */
const LEAF = true;
type Node = typeof LEAF | Fields | undefined;

/** Filters applied below a node: paths never owned (recursively) and memberships stripped (that path only). */
interface Filters {
  ignored: FieldSet | undefined;
  strip: FieldSet | undefined;
}

const NONE: Filters = { ignored: undefined, strip: undefined };

/** The filters below `pe`; undefined when the whole subtree is ignored. */
function below(f: Filters, pe: PathElement): Filters | undefined {
  if (f === NONE) return NONE;
  if (f.ignored?.members.has(pe)) return undefined;
  const ignored = f.ignored?.children.get(pe);
  const strip = f.strip?.children.get(pe);
  return ignored || strip ? { ignored, strip } : NONE;
}

/**
 * The `{}` of every leaf and every "." in the FieldsV1 a create makes: one
 * frozen object shared by all of them (a pod has ~100), since nothing changes
 * a FieldsV1 value once built (FieldSets are immutable, see fieldset.ts).
 */
const EMPTY: Fields = Object.freeze({}) as Fields;

/** The FieldsV1 value of an added node at `pe` (undefined: left out), "." after its children like upstream. */
function encode(f: Filters, pe: PathElement, node: Node, member = true): unknown {
  if (member && f !== NONE && f.strip?.members.has(pe)) member = false;
  if (node === undefined) return undefined;
  if (node === LEAF) return member ? EMPTY : undefined;
  if (member) node['.'] = EMPTY;
  return node;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function isEmptyContainer(v: unknown): boolean {
  if (Array.isArray(v)) return v.length === 0;
  if (!isObject(v)) return false;
  for (const _ in v) return false;
  return true;
}

/** Whether the top-level field holds an empty struct in upstream's zero-valued object (emptyObjectFor). */
export type ZeroStructs = ReadonlySet<string>;

/**
 * FieldsV1 owned by the creator of `obj`, or undefined when it owns nothing.
 * `zero` names the top-level fields that are empty structs in the zero value.
 * Throws AssociativeListError like the general comparison does.
 */
export function createdFieldsV1(nav: SchemaNav, obj: Record<string, unknown>, schema: Schema | undefined, zero: ZeroStructs, ignored: FieldSet, strip: FieldSet): Fields | undefined {
  const root = nav.typeOf(schema, obj);
  if (root.kind !== 'map' || isEmptyContainer(obj)) return undefined;
  const filters: Filters = { ignored, strip };
  let out: Fields | undefined;
  for (const key of sortedKeys(obj)) {
    const v = obj[key];
    if (v === undefined || v === null) continue;
    const pe = cachedFieldPE(key);
    const s = nav.field(root, key).schema;
    // An ignored subtree is still walked: a malformed list in it fails the whole comparison.
    const f = below(filters, pe);
    if (!zero.has(key)) {
      const node = added(nav, v, s, f ?? NONE);
      const e = f && encode(filters, pe, node);
      if (e !== undefined) (out ??= {})[pe] = e;
      continue;
    }
    const z = fromZeroStruct(nav, v, s, f ?? NONE);
    const e = f && (z === LEAF ? encode(filters, pe, LEAF) : z);
    if (e !== undefined) (out ??= {})[pe] = e;
  }
  return out;
}

/** "f:" + key sorts like key; the default sort order compares UTF-16 code units like compareStrings. */
function sortedKeys(v: Record<string, unknown>): string[] {
  return sortStrings(Object.keys(v));
}

/**
 * fieldPE(key), the same string each time: the result becomes a property
 * key of the FieldsV1 object, and a string V8 has already internalized
 * costs no string-table lookup. Bounded: keys of granular maps (labels) vary.
 */
const fieldPEs = new Map<string, PathElement>();

function cachedFieldPE(key: string): PathElement {
  let pe = fieldPEs.get(key);
  if (pe === undefined) {
    if (fieldPEs.size >= 10_000) fieldPEs.clear();
    pe = fieldPE(key);
    fieldPEs.set(key, pe);
  }
  return pe;
}

/**
 * A top-level field that was `{}` before: a different shape or a changed
 * atomic map is recorded as a leaf; otherwise only what it now holds is
 * added (a subtree that is not itself a member), or nothing.
 */
function fromZeroStruct(nav: SchemaNav, v: unknown, schema: Schema | undefined, f: Filters): typeof LEAF | Fields | undefined {
  const tl = nav.typeOf(schema, {});
  const tr = nav.typeOf(schema, v);
  if (tl.kind !== tr.kind) return LEAF;
  if (tr.kind === 'map' && tr.atomic) return deepEqual({}, v) ? undefined : LEAF;
  if (tr.kind !== 'map' || isEmptyContainer(v)) return undefined;
  return mapChildren(nav, v as Record<string, unknown>, tr, f);
}

/** A subtree that did not exist before: every node in it is added. */
function added(nav: SchemaNav, v: unknown, schema: Schema | undefined, f: Filters): Node {
  const t = nav.typeOf(schema, v);
  if (t.kind === 'scalar' || (t.kind === 'list' && t.listType === 'atomic') || (t.kind === 'map' && t.atomic) || isEmptyContainer(v)) return LEAF;
  return (t.kind === 'list' ? listChildren(nav, v as unknown[], t, f) : mapChildren(nav, v as Record<string, unknown>, t, f)) ?? LEAF;
}

function mapChildren(nav: SchemaNav, v: Record<string, unknown>, t: MapType, f: Filters): Fields | undefined {
  let out: Fields | undefined;
  for (const key of sortedKeys(v)) {
    const value = v[key];
    if (value === undefined || value === null) continue;
    const pe = cachedFieldPE(key);
    const sub = below(f, pe);
    const node = added(nav, value, nav.field(t, key).schema, sub ?? NONE);
    const e = sub && encode(f, pe, node);
    if (e !== undefined) (out ??= {})[pe] = e;
  }
  return out;
}

const byPE = (a: [PathElement, unknown], b: [PathElement, unknown]): number => comparePE(a[0], b[0]);

/**
 * Whether a kept item already has `pe`. Null items are not kept; the only key
 * one can claim is a set's "v:null" (a map-list item must be an object, an
 * index is unique), which only another null, also not kept, could repeat.
 */
function itemsHave(items: Array<[PathElement, unknown]>, pe: PathElement): boolean {
  for (const [p] of items) if (p === pe) return true;
  return false;
}

function listChildren(nav: SchemaNav, v: unknown[], t: ListType, f: Filters): Fields | undefined {
  const items: Array<[PathElement, unknown]> = [];
  // The first item with a key wins; short lists are searched rather than hashed.
  const seen = v.length > 8 ? new Set<PathElement>() : undefined;
  for (let i = 0; i < v.length; i++) {
    const pe = nav.itemPE(t, v[i], i);
    if (seen) {
      if (seen.has(pe)) continue;
      seen.add(pe);
    } else if (itemsHave(items, pe)) continue;
    if (v[i] !== undefined && v[i] !== null) items.push([pe, v[i]]);
  }
  if (items.length > 1) sortBy(items, byPE);
  let out: Fields | undefined;
  for (const [pe, item] of items) {
    const sub = below(f, pe);
    const node = added(nav, item, t.items, sub ?? NONE);
    const e = sub && encode(f, pe, node);
    if (e !== undefined) (out ??= {})[pe] = e;
  }
  return out;
}
