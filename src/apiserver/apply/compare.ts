// Field-level comparison of two objects (upstream TypedValue.Compare): which
// fields were added, modified or removed going from `lhs` to `rhs`. Leaves
// (scalars, atomic lists/maps, and maps/lists empty on both sides) are
// compared by value; a non-leaf node that exists on one side only is itself
// reported as added/removed, as are all leaves below it.
import type { Schema } from '../schema/types.js';
import { FieldSet } from './fieldset.js';
import { type PathElement, fieldPE } from './path-element.js';
import { type NodeType, SchemaNav, type SchemaResolver } from './schema-nav.js';

export interface Comparison {
  added: FieldSet;
  modified: FieldSet;
  removed: FieldSet;
}

export function compareObjects(lhs: unknown, rhs: unknown, schema: Schema | undefined, resolve?: SchemaResolver, nav?: SchemaNav): Comparison {
  const c: Comparison = { added: new FieldSet(), modified: new FieldSet(), removed: new FieldSet() };
  walk(nav ?? new SchemaNav(resolve), norm(lhs), norm(rhs), schema, [], c);
  return c;
}

/** Drops every path at or below `ignored` paths from a comparison. */
export function filterComparison(c: Comparison, ignored: FieldSet): Comparison {
  return {
    added: c.added.recursiveDifference(ignored),
    modified: c.modified.recursiveDifference(ignored),
    removed: c.removed.recursiveDifference(ignored),
  };
}

const norm = (v: unknown): unknown => (v === null ? undefined : v);

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!deepEqual(a[i], b[i])) return false;
    return true;
  }
  if (isObject(a) && isObject(b)) {
    // Keys holding undefined count as absent.
    let na = 0;
    for (const k in a) {
      const v = a[k];
      if (v === undefined) continue;
      na++;
      if (!deepEqual(v, b[k])) return false;
    }
    let nb = 0;
    for (const k in b) if (b[k] !== undefined) nb++;
    return na === nb;
  }
  return false;
}

function isEmptyContainer(v: unknown): boolean {
  if (v === undefined) return true;
  if (Array.isArray(v)) return v.length === 0;
  return isObject(v) && Object.keys(v).length === 0;
}

function leaf(l: unknown, r: unknown, path: PathElement[], c: Comparison): void {
  if (path.length === 0) return;
  if (l === undefined) c.added.insert(path);
  else if (r === undefined) c.removed.insert(path);
  else if (!deepEqual(l, r)) c.modified.insert(path);
}

function walk(nav: SchemaNav, l: unknown, r: unknown, schema: Schema | undefined, path: PathElement[], c: Comparison): void {
  if (l === undefined && r === undefined) return;
  // Equal subtrees have nothing to report (most of an object, on most updates).
  if (l !== undefined && r !== undefined && deepEqual(l, r)) return;
  const tl = l === undefined ? undefined : nav.typeOf(schema, l);
  const tr = r === undefined ? undefined : nav.typeOf(schema, r);
  const t: NodeType = (tr ?? tl)!;
  const sameShape = !tl || !tr || tl.kind === tr.kind;
  const isLeaf =
    !sameShape ||
    t.kind === 'scalar' ||
    (t.kind === 'list' && t.listType === 'atomic') ||
    (t.kind === 'map' && t.atomic) ||
    (isEmptyContainer(l) && isEmptyContainer(r));
  if (isLeaf) {
    leaf(l, r, path, c);
    return;
  }
  if (t.kind === 'list') walkList(nav, l, r, t, path, c);
  else if (t.kind === 'map') walkMap(nav, l, r, t, path, c);
  if (path.length > 0) {
    if (l === undefined) c.added.insert(path);
    else if (r === undefined) c.removed.insert(path);
  }
}

function indexItems(nav: SchemaNav, t: Extract<NodeType, { kind: 'list' }>, v: unknown): Map<PathElement, unknown> {
  const m = new Map<PathElement, unknown>();
  if (!Array.isArray(v)) return m;
  v.forEach((item, i) => {
    const pe = nav.itemPE(t, item, i);
    if (!m.has(pe)) m.set(pe, item);
  });
  return m;
}

function walkList(nav: SchemaNav, l: unknown, r: unknown, t: Extract<NodeType, { kind: 'list' }>, path: PathElement[], c: Comparison): void {
  const li = indexItems(nav, t, l);
  const ri = indexItems(nav, t, r);
  for (const pe of new Set([...li.keys(), ...ri.keys()])) {
    walk(nav, norm(li.get(pe)), norm(ri.get(pe)), t.items, [...path, pe], c);
  }
}

function walkMap(nav: SchemaNav, l: unknown, r: unknown, t: Extract<NodeType, { kind: 'map' }>, path: PathElement[], c: Comparison): void {
  const lo = isObject(l) ? l : {};
  const ro = isObject(r) ? r : {};
  for (const key of new Set([...Object.keys(lo), ...Object.keys(ro)])) {
    walk(nav, norm(lo[key]), norm(ro[key]), nav.field(t, key).schema, [...path, fieldPE(key)], c);
  }
}
