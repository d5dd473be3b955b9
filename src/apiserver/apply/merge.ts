// Merging an applied configuration into the live object (upstream
// TypedValue.Merge), and removing owned items (TypedValue.RemoveItems) so that
// fields an applier dropped from its configuration disappear.
import type { Schema } from '../schema/types.js';
import type { FieldSet } from './fieldset.js';
import { type PathElement, fieldPE } from './path-element.js';
import { type NodeType, SchemaNav, type SchemaResolver } from './schema-nav.js';

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function clone<T>(v: T): T {
  return v === undefined ? v : (structuredClone(v) as T);
}

/**
 * `live` with `config` merged in: config values win; maps merge per key,
 * sets and list-maps per item (items keep the live order, shared and new
 * items follow the config's order), atomic values are replaced. A null in
 * the configuration removes the field.
 */
export function mergeApplied(live: unknown, config: unknown, schema: Schema | undefined, resolve?: SchemaResolver): unknown {
  return mergeValue(new SchemaNav(resolve), live, config, schema);
}

function mergeValue(nav: SchemaNav, l: unknown, r: unknown, schema: Schema | undefined): unknown {
  if (r === undefined) return clone(l);
  if (r === null) return undefined;
  if (l === undefined || l === null) return stripNulls(clone(r));
  const t = nav.typeOf(schema, r);
  const tl = nav.typeOf(schema, l);
  if (t.kind !== tl.kind || t.kind === 'scalar') return stripNulls(clone(r));
  if (t.kind === 'list') {
    if (t.listType === 'atomic') return stripNulls(clone(r));
    return mergeList(nav, l as unknown[], r as unknown[], t);
  }
  if (t.atomic) return stripNulls(clone(r));
  const out: Record<string, unknown> = { ...(l as Record<string, unknown>) };
  for (const [k, rv] of Object.entries(r as Record<string, unknown>)) {
    const merged = mergeValue(nav, out[k], rv, nav.field(t, k).schema);
    if (merged === undefined) delete out[k];
    else out[k] = merged;
  }
  return out;
}

function stripNulls(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(stripNulls);
  if (isObject(v)) {
    for (const k of Object.keys(v)) {
      if (v[k] === null) delete v[k];
      else v[k] = stripNulls(v[k]);
    }
  }
  return v;
}

/** Upstream's list merge order: live-only items stay in place, config items follow config order. */
function mergeList(nav: SchemaNav, lhs: unknown[], rhs: unknown[], t: Extract<NodeType, { kind: 'list' }>): unknown[] {
  const lpe = lhs.map((item, i) => nav.itemPE(t, item, i));
  const rpe = rhs.map((item, i) => nav.itemPE(t, item, i));
  const lByPE = new Map<PathElement, unknown>();
  lpe.forEach((pe, i) => lByPE.has(pe) || lByPE.set(pe, lhs[i]));
  const rByPE = new Map<PathElement, unknown>();
  rpe.forEach((pe, i) => rByPE.set(pe, rhs[i]));
  const shared = rpe.filter((pe) => lByPE.has(pe));
  let nextShared = 0;
  const done = new Set<PathElement>();
  const out: unknown[] = [];
  const emit = (pe: PathElement): void => {
    done.add(pe);
    const merged = mergeValue(nav, lByPE.get(pe), rByPE.get(pe), t.items);
    if (merged !== undefined) out.push(merged);
  };
  let li = 0;
  let ri = 0;
  while (li < lpe.length || ri < rpe.length) {
    if (li < lpe.length && ri < rpe.length && lpe[li] === rpe[ri]) {
      if (!done.has(lpe[li]!)) emit(lpe[li]!);
      if (shared[nextShared] === lpe[li]) nextShared++;
      li++;
      ri++;
      continue;
    }
    if (li < lpe.length) {
      const pe = lpe[li]!;
      if (!rByPE.has(pe)) {
        if (!done.has(pe)) {
          done.add(pe);
          out.push(clone(lhs[li]));
        }
        li++;
        continue;
      }
      if (done.has(pe) || (ri < rpe.length && shared[nextShared] !== pe)) {
        li++;
        continue;
      }
    }
    if (ri < rpe.length) {
      const pe = rpe[ri]!;
      if (!done.has(pe)) emit(pe);
      if (shared[nextShared] === pe) nextShared++;
      ri++;
    } else {
      li++;
    }
  }
  return out;
}

/**
 * A copy of `value` without the items in `toRemove`: a member path removes
 * the whole field or list item. Key fields of list-map items that stay are
 * kept. A map or list emptied by the removal is dropped from its parent.
 */
export function removeItems(value: unknown, toRemove: FieldSet, schema: Schema | undefined, resolve?: SchemaResolver): unknown {
  return removeIn(new SchemaNav(resolve), value, toRemove, schema, []);
}

function removeIn(nav: SchemaNav, v: unknown, set: FieldSet, schema: Schema | undefined, keepKeys: string[]): unknown {
  const t = nav.typeOf(schema, v);
  if (t.kind === 'list' && t.listType !== 'atomic' && Array.isArray(v)) {
    const out: unknown[] = [];
    v.forEach((item, i) => {
      const pe = nav.itemPE(t, item, i);
      if (set.members.has(pe)) return;
      const sub = set.children.get(pe);
      const keys = t.listType === 'map' ? t.keys : [];
      out.push(sub ? removeIn(nav, item, sub, t.items, keys) : item);
    });
    return out.length === 0 && v.length > 0 ? undefined : out;
  }
  if (t.kind === 'map' && !t.atomic && isObject(v)) {
    const out: Record<string, unknown> = {};
    for (const [k, child] of Object.entries(v)) {
      const pe = fieldPE(k);
      if (set.members.has(pe) && !keepKeys.includes(k)) continue;
      const sub = set.children.get(pe);
      const next = sub ? removeIn(nav, child, sub, nav.field(t, k).schema, []) : child;
      if (next !== undefined) out[k] = next;
    }
    return Object.keys(out).length === 0 && Object.keys(v).length > 0 ? undefined : out;
  }
  return v;
}
