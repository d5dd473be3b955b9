// How server-side apply sees a structural schema: every node is a scalar, a
// list (atomic / set / map keyed by fields) or a map (struct or granular
// string map, possibly atomic). Nodes without usable schema are "deduced" from
// the value like upstream does for unstructured data: objects become granular
// maps whose keys are undeclared, arrays are atomic.
import type { Schema } from '../schema/types.js';
import { type PathElement, indexPE, keyPE, valuePE } from './path-element.js';

/** Looks up a `$ref` (e.g. `#/definitions/io.k8s.api.core.v1.Pod`). */
export type SchemaResolver = (ref: string) => Schema | undefined;

export type NodeType =
  | { kind: 'scalar' }
  | { kind: 'list'; listType: 'atomic' | 'set' | 'map'; keys: string[]; items: Schema | undefined }
  | { kind: 'map'; atomic: boolean; properties: Record<string, Schema>; additional: Schema | undefined };

export class AssociativeListError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AssociativeListError';
  }
}

export class SchemaNav {
  private readonly cache = new WeakMap<Schema, Schema>();

  constructor(private readonly resolve: SchemaResolver = () => undefined) {}

  /** Follows `$ref`s and flattens `allOf`. */
  flatten(schema: Schema | undefined): Schema | undefined {
    if (!schema) return undefined;
    const hit = this.cache.get(schema);
    if (hit) return hit;
    let s: Schema = schema;
    for (let depth = 0; s.$ref && depth < 32; depth++) {
      const target = this.resolve(s.$ref);
      if (!target) break;
      const { $ref: _ignored, ...rest } = s;
      s = { ...target, ...rest };
    }
    if (s.allOf?.length) {
      let merged: Schema = {};
      for (const part of s.allOf) merged = mergeSchemas(merged, this.flatten(part) ?? {});
      const { allOf: _ignored, ...rest } = s;
      s = mergeSchemas(merged, rest);
    }
    this.cache.set(schema, s);
    return s;
  }

  /** The node type of `value` under `schema` (a value whose shape contradicts the schema is a scalar leaf). */
  typeOf(schema: Schema | undefined, value: unknown): NodeType {
    const s = this.flatten(schema);
    const t = s ? declaredType(s) : undefined;
    const shape = shapeOf(value);
    if (t) {
      if (shape === undefined || shape === t.kind) return t;
      return { kind: 'scalar' };
    }
    if (shape === 'list') return { kind: 'list', listType: 'atomic', keys: [], items: undefined };
    if (shape === 'map') return { kind: 'map', atomic: false, properties: {}, additional: undefined };
    return { kind: 'scalar' };
  }

  /** The schema of a map entry and whether it is a declared struct field. */
  field(t: Extract<NodeType, { kind: 'map' }>, key: string): { schema: Schema | undefined; declared: boolean } {
    const p = t.properties[key];
    if (p) return { schema: p, declared: true };
    return { schema: t.additional, declared: false };
  }

  /** The path element of one item of a non-atomic list. */
  itemPE(t: Extract<NodeType, { kind: 'list' }>, item: unknown, index: number): PathElement {
    if (t.listType === 'set') {
      if (item !== null && typeof item === 'object') throw new AssociativeListError('associative list without keys has an element that is not a scalar');
      return valuePE(item);
    }
    if (t.listType === 'map') {
      if (item === null || typeof item !== 'object' || Array.isArray(item)) {
        throw new AssociativeListError('associative list with keys may not have non-map elements');
      }
      const obj = item as Record<string, unknown>;
      const itemSchema = this.flatten(t.items);
      const key: Record<string, unknown> = {};
      for (const k of t.keys) {
        if (obj[k] !== undefined && obj[k] !== null) key[k] = obj[k];
        else {
          const def = this.flatten(itemSchema?.properties?.[k])?.default;
          if (def === undefined) {
            throw new AssociativeListError(`associative list with keys has an element that omits key field ${JSON.stringify(k)} (and doesn't have default value)`);
          }
          key[k] = def;
        }
      }
      return keyPE(key);
    }
    return indexPE(index);
  }
}

function mergeSchemas(a: Schema, b: Schema): Schema {
  const out: Schema = { ...a, ...b };
  if (a.properties || b.properties) out.properties = { ...a.properties, ...b.properties };
  return out;
}

function shapeOf(v: unknown): 'list' | 'map' | 'scalar' | undefined {
  if (v === undefined || v === null) return undefined;
  if (Array.isArray(v)) return 'list';
  if (typeof v === 'object') return 'map';
  return 'scalar';
}

function declaredType(s: Schema): NodeType | undefined {
  if (s['x-kubernetes-int-or-string']) return { kind: 'scalar' };
  if (s.type === 'array' || s.items) return listType(s);
  if (s.type === 'object' || s.properties || s.additionalProperties !== undefined) {
    const additional = typeof s.additionalProperties === 'object' ? s.additionalProperties : undefined;
    const atomic = s['x-kubernetes-map-type'] === 'atomic';
    if (!s.properties && !additional && !atomic) return undefined; // free-form object: deduce
    return { kind: 'map', atomic, properties: s.properties ?? {}, additional };
  }
  if (s.type) return { kind: 'scalar' };
  return undefined;
}

function listType(s: Schema): NodeType {
  const mergeKey = s['x-kubernetes-patch-merge-key'];
  const strategy = s['x-kubernetes-patch-strategy'] ?? '';
  let lt = s['x-kubernetes-list-type'];
  let keys = s['x-kubernetes-list-map-keys'] ?? [];
  if (!lt) {
    // Built-ins without a list type: patchStrategy=merge means map (by the merge key) or set.
    if (strategy.split(',').includes('merge')) lt = mergeKey ? 'map' : 'set';
    else lt = 'atomic';
  }
  if (lt === 'map' && keys.length === 0) {
    if (mergeKey) keys = [mergeKey];
    else lt = 'atomic';
  }
  return { kind: 'list', listType: lt, keys, items: s.items };
}
