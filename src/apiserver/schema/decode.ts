// Type checking a JSON body against a built-in kind's schema, the way
// kube-apiserver's decoding into Go structs fails: a wrong JSON type is a 400
// (`json: cannot unmarshal number into Go struct field ObjectMeta.metadata.name
// of type string`). Also normalizes what Go decoding normalizes: nulls become
// absent (zero) values, numeric quantities become strings.
import { schemaMemo } from './memo.js';
import type { Schema } from './types.js';

export type Resolver = (s: Schema) => Schema;

export class DecodeTypeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DecodeTypeError';
  }
}

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

function jsonType(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (v === null) return 'null';
  if (typeof v === 'boolean') return 'bool';
  return typeof v; // number, string, object
}

interface Shape {
  schema: Schema;
  name?: string;
}

/** The schema with the value's shape (follows $ref and upstream's allOf wrapping). */
const shape = schemaMemo(computeShape);

function computeShape(s: Schema, resolve: Resolver): Shape {
  let name: string | undefined;
  let cur = s;
  for (let i = 0; i < 8; i++) {
    if (cur.$ref) {
      name = cur.$ref.split('/').pop();
      cur = resolve(cur);
    } else if (!cur.type && !cur.properties && !cur.items && !cur.additionalProperties && cur.allOf?.length === 1) {
      cur = cur.allOf[0];
    } else break;
  }
  return { schema: cur, name };
}

/** A Go-ish type name for error messages: string, int32, []v1.Container, map[string]string, v1.PodSpec. */
function goType(s: Schema, resolve: Resolver): string {
  const { schema, name } = shape(s, resolve);
  if (schema['x-kubernetes-int-or-string']) return name?.endsWith('Quantity') ? 'resource.Quantity' : 'intstr.IntOrString';
  switch (schema.type) {
    case 'string':
      return schema.format === 'byte' ? '[]uint8' : schema.format === 'date-time' ? 'v1.Time' : 'string';
    case 'integer':
      return schema.format === 'int64' ? 'int64' : 'int32';
    case 'number':
      return 'float64';
    case 'boolean':
      return 'bool';
    case 'array':
      return `[]${schema.items ? goType(schema.items, resolve) : 'interface {}'}`;
    case 'object':
      if (name) return `${pkgOf(name)}.${name.split('.').pop()}`;
      if (schema.additionalProperties && typeof schema.additionalProperties === 'object')
        return `map[string]${goType(schema.additionalProperties, resolve)}`;
      return 'map[string]interface {}';
    default:
      return name ? `${pkgOf(name)}.${name.split('.').pop()}` : 'interface {}';
  }
}

function pkgOf(defName: string): string {
  const parts = defName.split('.');
  return parts[parts.length - 2] ?? '';
}

interface Ctx {
  resolve: Resolver;
  /** Go struct holding the current field, for messages. */
  struct: string;
}

function fail(v: unknown, ctx: Ctx, path: string, s: Schema): never {
  const t = jsonType(v);
  const what = t === 'number' ? `number ${String(v)}` : t;
  const simple = t === 'number' && Number.isInteger(v) ? 'number' : what;
  throw new DecodeTypeError(`json: cannot unmarshal ${simple} into Go struct field ${ctx.struct}.${path} of type ${goType(s, ctx.resolve)}`);
}

/** What check needs to know of a schema, worked out once per schema (the request path meets the same few hundred). */
interface Checker {
  schema: Schema;
  kind: 'intOrString' | 'opaque' | 'string' | 'integer' | 'number' | 'boolean' | 'array' | 'object' | 'any';
  quantity: boolean;
  base64: boolean;
  int64: boolean;
  /** For a struct with a definition name: the Go struct name for messages below it. */
  struct?: string;
  items?: Schema;
  properties?: Record<string, Schema>;
  additional?: Schema;
  /** additionalProperties are strings (a null value becomes ""). */
  additionalString: boolean;
}

const checkerOf = schemaMemo(compileChecker);

function compileChecker(s: Schema, resolve: Resolver): Checker {
  const { schema, name } = shape(s, resolve);
  const c: Checker = { schema: s, kind: 'any', quantity: false, base64: false, int64: false, additionalString: false };
  if (schema['x-kubernetes-int-or-string']) {
    c.kind = 'intOrString';
    c.quantity = !!name?.endsWith('Quantity');
    return c;
  }
  if (schema['x-kubernetes-preserve-unknown-fields'] && !schema.properties) {
    c.kind = 'opaque';
    return c;
  }
  switch (schema.type) {
    case 'string':
      c.kind = 'string';
      c.base64 = schema.format === 'byte';
      break;
    case 'integer':
      c.kind = 'integer';
      c.int64 = schema.format === 'int64';
      break;
    case 'number':
    case 'boolean':
      c.kind = schema.type;
      break;
    case 'array':
      c.kind = 'array';
      c.items = schema.items;
      break;
    case 'object':
      c.kind = 'object';
      if (schema.properties) {
        c.properties = schema.properties;
        if (name) c.struct = name.split('.').pop()!;
      } else if (schema.additionalProperties && typeof schema.additionalProperties === 'object') {
        c.additional = schema.additionalProperties;
        c.additionalString = shape(schema.additionalProperties, resolve).schema.type === 'string';
      }
      break;
  }
  return c;
}

const join = (path: string, key: string): string => `${path}.${key}`;

/** Checks and normalizes `holder[key]` in place; a null struct field is removed (Go's zero value). */
function check(holder: Record<string, unknown> | unknown[], key: string | number, s: Schema, ctx: Ctx, path: string, depth: number): void {
  const v = (holder as Record<string | number, unknown>)[key];
  if (v === null) {
    if (Array.isArray(holder)) return;
    // Map values of scalar type keep a zero value; struct fields become unset.
    delete (holder as Record<string, unknown>)[key as string];
    return;
  }
  if (depth > 100) return;
  const c = checkerOf(s, ctx.resolve);
  switch (c.kind) {
    case 'intOrString':
      if (typeof v !== 'string' && typeof v !== 'number') fail(v, ctx, path, s);
      if (c.quantity && typeof v === 'number') (holder as Record<string | number, unknown>)[key] = String(v);
      return;
    case 'string':
      if (typeof v !== 'string') fail(v, ctx, path, s);
      if (c.base64 && !/^[A-Za-z0-9+/]*={0,2}$/.test(v)) {
        throw new DecodeTypeError(`illegal base64 data at input byte ${firstBadBase64(v)}`);
      }
      return;
    case 'integer':
      if (typeof v !== 'number' || !Number.isInteger(v)) fail(v, ctx, path, s);
      if (!c.int64 && (v < INT32_MIN || v > INT32_MAX)) fail(v, ctx, path, s);
      return;
    case 'number':
      if (typeof v !== 'number') fail(v, ctx, path, s);
      return;
    case 'boolean':
      if (typeof v !== 'boolean') fail(v, ctx, path, s);
      return;
    case 'array': {
      if (!Array.isArray(v)) fail(v, ctx, path, s);
      if (c.items) for (let i = 0; i < v.length; i++) check(v, i, c.items, ctx, path, depth + 1);
      return;
    }
    case 'object': {
      if (typeof v !== 'object' || Array.isArray(v)) fail(v, ctx, path, s);
      const obj = v as Record<string, unknown>;
      if (c.properties) {
        const inner: Ctx = c.struct ? { resolve: ctx.resolve, struct: c.struct } : ctx;
        for (const k in obj) {
          const ps = c.properties[k];
          if (ps) check(obj, k, ps, inner, join(path, k), depth + 1);
        }
      } else if (c.additional) {
        for (const k in obj) {
          if (obj[k] === null) {
            if (c.additionalString) obj[k] = '';
            continue;
          }
          check(obj, k, c.additional, ctx, join(path, k), depth + 1);
        }
      }
      return;
    }
    default:
      return;
  }
}

function firstBadBase64(s: string): number {
  for (let i = 0; i < s.length; i++) if (!/[A-Za-z0-9+/=]/.test(s[i])) return i;
  return s.length;
}

/**
 * Type-checks a whole object against its kind's schema (root definition name
 * gives the Go struct, e.g. `Pod`). Throws DecodeTypeError.
 */
export function decodeCheck(obj: Record<string, unknown>, schema: Schema, resolve: Resolver, kind?: string): void {
  const { schema: root, name } = shape(schema, resolve);
  const struct = kind ?? (name ? name.split('.').pop()! : 'Object');
  if (!root.properties) return;
  for (const k of Object.keys(obj)) {
    const ps = root.properties[k];
    if (ps) check(obj, k, ps, { resolve, struct }, k, 0);
  }
}
