// The set of fields an object (typically an applied configuration) specifies,
// like upstream TypedValue.ToFieldSet: scalars and atomic lists/maps are
// leaves; every list item is a member (and descended into); map entries that
// are null, empty maps or not declared struct fields are members too.
import type { Schema } from '../schema/types.js';
import { FieldSet } from './fieldset.js';
import { type PathElement, fieldPE } from './path-element.js';
import { SchemaNav, type SchemaResolver } from './schema-nav.js';

export function fieldsOf(value: unknown, schema: Schema | undefined, resolve?: SchemaResolver): FieldSet {
  const nav = new SchemaNav(resolve);
  const out = new FieldSet();
  const root = nav.typeOf(schema, value);
  if (root.kind === 'map' && !root.atomic && isObject(value)) walkMap(nav, value, root, [], out);
  return out;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Adds the fields below `path` (whose own membership the caller decides). */
function walk(nav: SchemaNav, value: unknown, schema: Schema | undefined, path: PathElement[], out: FieldSet): void {
  const t = nav.typeOf(schema, value);
  if (t.kind === 'scalar') {
    out.insert(path);
    return;
  }
  if (t.kind === 'list') {
    if (t.listType === 'atomic') {
      out.insert(path);
      return;
    }
    if (!Array.isArray(value)) return;
    value.forEach((item, i) => {
      const itemPath = [...path, nav.itemPE(t, item, i)];
      walk(nav, item, t.items, itemPath, out);
      out.insert(itemPath);
    });
    return;
  }
  if (t.atomic) {
    out.insert(path);
    return;
  }
  if (isObject(value)) walkMap(nav, value, t, path, out);
}

function walkMap(
  nav: SchemaNav,
  value: Record<string, unknown>,
  t: Extract<ReturnType<SchemaNav['typeOf']>, { kind: 'map' }>,
  path: PathElement[],
  out: FieldSet,
): void {
  for (const [key, child] of Object.entries(value)) {
    if (child === undefined) continue;
    const { schema, declared } = nav.field(t, key);
    const childPath = [...path, fieldPE(key)];
    walk(nav, child, schema, childPath, out);
    if (child === null || (isObject(child) && Object.keys(child).length === 0) || !declared) out.insert(childPath);
  }
}
