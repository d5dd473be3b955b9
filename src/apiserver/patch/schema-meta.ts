// Reads strategic-merge-patch metadata (x-kubernetes-patch-strategy and
// x-kubernetes-patch-merge-key) out of structural schemas. Fields the schema
// does not describe get empty metadata: maps merge, lists are replaced.
import type { Schema } from '../schema/types.js';
import { PatchError } from './errors.js';

export type Resolver = (s: Schema) => Schema;

export interface PatchMeta {
  /** Resolved schema of the field's value, if known. */
  schema: Schema | undefined;
  /** 'merge', 'replace' or '' (the default: maps merge, lists are replaced). */
  strategy: string;
  /** The field also has the retainKeys strategy (only matters when diffing). */
  retainKeys: boolean;
  mergeKey: string;
}

const MAX_REF_DEPTH = 64;

function hasShape(s: Schema): boolean {
  return s.type !== undefined || s.properties !== undefined || s.items !== undefined || s.additionalProperties !== undefined;
}

/**
 * Follows `$ref`s, and the `allOf: [{$ref}]` wrapping upstream's OpenAPI uses
 * for fields with their own description or default, to the schema that
 * describes the value's shape.
 */
export function deref(schema: Schema | undefined, resolve: Resolver): Schema | undefined {
  let s = schema;
  for (let i = 0; s && i < MAX_REF_DEPTH; i++) {
    if (s.$ref !== undefined) {
      s = resolve(s);
      continue;
    }
    if (!hasShape(s) && s.allOf) {
      const inner: Schema | undefined = s.allOf.map((m) => deref(m, resolve)).find((m) => m && hasShape(m));
      return inner ?? s;
    }
    return s;
  }
  return s;
}

/** The first value of an extension found on the schema, its `allOf` members or its `$ref` target. */
function extension<K extends 'x-kubernetes-patch-strategy' | 'x-kubernetes-patch-merge-key'>(
  schema: Schema | undefined,
  key: K,
  resolve: Resolver,
  depth = 0,
): Schema[K] | undefined {
  if (!schema || depth > MAX_REF_DEPTH) return undefined;
  if (schema[key] !== undefined) return schema[key];
  for (const m of schema.allOf ?? []) {
    const v = extension(m, key, resolve, depth + 1);
    if (v !== undefined) return v;
  }
  return schema.$ref !== undefined ? extension(resolve(schema), key, resolve, depth + 1) : undefined;
}

/** Splits "merge,retainKeys" like upstream extractRetainKeysPatchStrategy. */
export function parseStrategy(raw: string | undefined): { strategy: string; retainKeys: boolean } {
  const parts = (raw ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '');
  const retainKeys = parts.includes('retainKeys');
  const others = parts.filter((p) => p !== 'retainKeys');
  if (others.length > 1 || parts.length > 2) {
    throw new PatchError('unknown', `unexpected patch strategy: [${parts.join(' ')}]`);
  }
  return { strategy: others[0] ?? '', retainKeys };
}

/** Metadata of a value described by `raw` (a property schema, possibly a `$ref`). */
export function metaOf(raw: Schema | undefined, resolve: Resolver): PatchMeta {
  const { strategy, retainKeys } = parseStrategy(extension(raw, 'x-kubernetes-patch-strategy', resolve));
  return {
    schema: deref(raw, resolve),
    strategy,
    retainKeys,
    mergeKey: extension(raw, 'x-kubernetes-patch-merge-key', resolve) ?? '',
  };
}

/** Metadata of field `key` of an object described by (resolved) `parent`. */
export function fieldMeta(parent: Schema | undefined, key: string, resolve: Resolver): PatchMeta {
  let raw: Schema | undefined;
  if (parent?.properties && Object.prototype.hasOwnProperty.call(parent.properties, key)) {
    raw = parent.properties[key];
  } else if (parent && typeof parent.additionalProperties === 'object') {
    raw = parent.additionalProperties;
  }
  return metaOf(raw, resolve);
}

/** Resolved schema of the items of a list described by (resolved) `list`. */
export function itemsSchema(list: Schema | undefined, resolve: Resolver): Schema | undefined {
  return deref(list?.items, resolve);
}
