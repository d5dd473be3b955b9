// Unknown-field detection and pruning against structural schemas, with the
// paths upstream's strict decoder reports: `spec.containers[0].foo`, map keys
// joined with dots (`metadata.labels.x`), no leading dot. kube-apiserver turns
// them into `strict decoding error: unknown field "spec.foo"` (fieldValidation
// Strict) or `unknown field "spec.foo"` warnings (Warn); see fieldErrors below.
import { schemaMemo } from './memo.js';
import type { Schema } from './types.js';

export type Resolver = (s: Schema) => Schema;

export interface PruneOptions {
  /**
   * The object is a whole resource whose schema may leave out apiVersion,
   * kind and metadata (a CRD's openAPIV3Schema): those are always allowed at
   * the root and metadata is checked against `metadataSchema`.
   */
  resourceRoot?: boolean;
  /** Schema of embedded and root ObjectMeta; defaults to a `$ref` to upstream's ObjectMeta. */
  metadataSchema?: Schema;
}

/** Upstream stops collecting strict-decoding errors after this many. */
export const MAX_REPORTED_FIELDS = 100;

const OBJECT_META_REF: Schema = { $ref: '#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta' };
const MAX_DEPTH = 256;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function hasShape(s: Schema): boolean {
  return s.type !== undefined || s.properties !== undefined || s.items !== undefined || s.additionalProperties !== undefined;
}

/** Follows `$ref` and upstream's `allOf: [{$ref}]` wrapping to the schema with the value's shape. */
const shapeOf = schemaMemo((s: Schema, resolve: Resolver) => computeShape(s, resolve, 0));

function computeShape(schema: Schema, resolve: Resolver, depth: number): Schema {
  const s = schema.$ref !== undefined ? resolve(schema) : schema;
  if (depth < 16 && !hasShape(s) && s.allOf) {
    for (const m of s.allOf) {
      const inner = computeShape(m, resolve, depth + 1);
      if (hasShape(inner)) {
        // Extensions on the wrapper (preserve-unknown-fields, embedded-resource) still apply.
        return { ...inner, ...pickExtensions(s) };
      }
    }
  }
  return s;
}

function pickExtensions(s: Schema): Schema {
  const out: Schema = {};
  if (s['x-kubernetes-preserve-unknown-fields'] !== undefined) out['x-kubernetes-preserve-unknown-fields'] = s['x-kubernetes-preserve-unknown-fields'];
  if (s['x-kubernetes-embedded-resource'] !== undefined) out['x-kubernetes-embedded-resource'] = s['x-kubernetes-embedded-resource'];
  return out;
}

class Walker {
  readonly unknown: string[] = [];
  /** The path walked to, as parts (`key` or `[i]`); made into a string only for a field to report. */
  private readonly path: string[] = [];
  constructor(
    private readonly resolve: Resolver,
    private readonly remove: boolean,
    private readonly metadataSchema: Schema,
  ) {}

  private report(key: string): void {
    let path = '';
    for (const part of this.path) path = part[0] === '[' || !path ? path + part : `${path}.${part}`;
    path = path ? `${path}.${key}` : key;
    if (!this.unknown.includes(path)) this.unknown.push(path);
  }

  private child(value: unknown, schema: Schema | undefined, part: string, depth: number): void {
    this.path.push(part);
    this.walk(value, schema, depth);
    this.path.pop();
  }

  walk(value: unknown, schema: Schema | undefined, depth: number, root = false): void {
    if (schema === undefined || value === null || value === undefined || depth > MAX_DEPTH) return;
    const s = shapeOf(schema, this.resolve);
    if (Array.isArray(value)) {
      if (s.items) for (let i = 0; i < value.length; i++) this.child(value[i], s.items, `[${i}]`, depth + 1);
      return;
    }
    if (!isObject(value)) return;
    const preserve = s['x-kubernetes-preserve-unknown-fields'] === true;
    const embedded = s['x-kubernetes-embedded-resource'] === true;
    const props = s.properties;
    const extra = s.additionalProperties;
    if (!props && extra === undefined && !embedded && !root) {
      // No structure given: `type: object` alone, an opaque value or preserve-unknown-fields.
      return;
    }
    for (const key of Object.keys(value)) {
      const child = value[key];
      if (props && Object.hasOwn(props, key)) {
        this.child(child, props[key], key, depth + 1);
      } else if ((embedded || root) && (key === 'apiVersion' || key === 'kind')) {
        continue;
      } else if ((embedded || root) && key === 'metadata') {
        this.child(child, this.metadataSchema, key, depth + 1);
      } else if (typeof extra === 'object') {
        this.child(child, extra, key, depth + 1);
      } else if (extra === true || preserve) {
        continue;
      } else {
        this.report(key);
        if (this.remove) delete value[key];
      }
    }
  }
}

function run(obj: unknown, schema: Schema, resolve: Resolver, remove: boolean, opts: PruneOptions): string[] {
  const w = new Walker(resolve, remove, opts.metadataSchema ?? OBJECT_META_REF);
  w.walk(obj, schema, 0, opts.resourceRoot === true);
  return w.unknown;
}

/** Paths of fields the schema does not allow, in document order, without duplicates. */
export function findUnknownFields(obj: unknown, schema: Schema, resolve: Resolver, opts: PruneOptions = {}): string[] {
  return run(obj, schema, resolve, false, opts);
}

/** Removes fields the schema does not allow, in place; returns their paths. */
export function prune(obj: unknown, schema: Schema, resolve: Resolver, opts: PruneOptions = {}): string[] {
  return run(obj, schema, resolve, true, opts);
}

/**
 * Upstream's wording for strict-decoding problems, one entry per field:
 * `unknown field "spec.foo"`, `duplicate field "metadata.name"`. Capped at
 * MAX_REPORTED_FIELDS like upstream.
 */
export function fieldErrors(unknown: string[], duplicate: string[] = []): string[] {
  const out = [
    ...duplicate.map((p) => `duplicate field ${JSON.stringify(p)}`),
    ...unknown.map((p) => `unknown field ${JSON.stringify(p)}`),
  ];
  return out.slice(0, MAX_REPORTED_FIELDS);
}

/** The message of the 400 BadRequest for fieldValidation=Strict: `strict decoding error: unknown field "spec.foo", …`. */
export function strictDecodingMessage(errors: string[]): string {
  return `strict decoding error: ${errors.join(', ')}`;
}
