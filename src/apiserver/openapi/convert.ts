// Turns Skiff's internal structural schemas into what upstream publishes in
// OpenAPI v2 (Swagger 2.0: no oneOf/anyOf/nullable) and v3 (components,
// `allOf`-wrapped references with siblings, oneOf for int-or-string).
import type { Definitions, Schema } from '../schema/types.js';
import { refName } from '../schema/set.js';

export const INT_OR_STRING = 'io.k8s.apimachinery.pkg.util.intstr.IntOrString';
export const QUANTITY = 'io.k8s.apimachinery.pkg.api.resource.Quantity';

const CHILD_MAPS = ['properties', 'definitions', 'patternProperties', 'dependencies'] as const;
const CHILD_LISTS = ['allOf', 'oneOf', 'anyOf'] as const;

type AnySchema = Record<string, unknown>;

/** Applies `fn` to every sub-schema (children first), returning new objects. */
function mapSchema(s: Schema, fn: (s: AnySchema) => AnySchema): AnySchema {
  const out: AnySchema = { ...s };
  for (const k of CHILD_MAPS) {
    const m = out[k];
    if (m && typeof m === 'object') {
      const next: AnySchema = {};
      for (const [name, child] of Object.entries(m as Record<string, Schema>)) next[name] = child && typeof child === 'object' ? mapSchema(child, fn) : child;
      out[k] = next;
    }
  }
  for (const k of CHILD_LISTS) {
    const l = out[k];
    if (Array.isArray(l)) out[k] = l.map((c: Schema) => mapSchema(c, fn));
  }
  for (const k of ['items', 'additionalProperties', 'not'] as const) {
    const c = out[k];
    if (c && typeof c === 'object' && !Array.isArray(c)) out[k] = mapSchema(c as Schema, fn);
  }
  return fn(out);
}

/** One definition as Swagger 2.0 has it. */
export function toV2(name: string, s: Schema): Schema {
  if (name === INT_OR_STRING) return { ...pick(s, ['description']), type: 'string', format: 'int-or-string' };
  if (name === QUANTITY) return { ...pick(s, ['description']), type: 'string' };
  return mapSchema(s, (x) => {
    delete x.oneOf;
    delete x.anyOf;
    delete x.not;
    if (x.nullable === true) delete x.type; // a null must still pass v2 client-side validation
    delete x.nullable;
    if (x['x-kubernetes-int-or-string'] === true) delete x.type;
    return x;
  }) as Schema;
}

const V3_REF = '#/components/schemas/';

/** One definition as OpenAPI 3.0 has it: component refs, `allOf` around references that have siblings. */
export function toV3(name: string, s: Schema): Schema {
  if (name === INT_OR_STRING) return { ...pick(s, ['description']), format: 'int-or-string', oneOf: [{ type: 'integer' }, { type: 'string' }] } as Schema;
  if (name === QUANTITY) return { ...pick(s, ['description']), oneOf: [{ type: 'string' }, { type: 'number' }] } as Schema;
  return mapSchema(s, (x) => {
    if (typeof x.$ref !== 'string') return x;
    const ref = V3_REF + refName(x.$ref);
    const { $ref: _drop, ...rest } = x;
    if (Object.keys(rest).length === 0) return { $ref: ref };
    return { allOf: [{ $ref: ref }], ...rest };
  }) as Schema;
}

function pick(s: Schema, keys: Array<keyof Schema>): Schema {
  const out: Schema = {};
  for (const k of keys) if (s[k] !== undefined) (out as AnySchema)[k] = s[k];
  return out;
}

/** Names of definitions reachable from `roots` through `$ref`s. */
export function reachable(defs: Readonly<Definitions>, roots: Iterable<string>): Set<string> {
  const seen = new Set<string>();
  const queue = [...roots];
  const visit = (v: unknown, key?: string): void => {
    if (!v || typeof v !== 'object') return;
    if (Array.isArray(v)) {
      for (const x of v) visit(x);
      return;
    }
    for (const [k, child] of Object.entries(v)) {
      if (k === '$ref' && typeof child === 'string' && key !== 'properties') queue.push(refName(child));
      else if (k !== 'default' && k !== 'enum' && k !== 'example') visit(child, k);
    }
  };
  while (queue.length) {
    const name = queue.pop()!;
    if (seen.has(name) || !defs[name]) continue;
    seen.add(name);
    visit(defs[name]);
  }
  return seen;
}
