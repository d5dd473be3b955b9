// Pruning of fields a structural schema does not specify (upstream
// pkg/apiserver/schema/pruning), and of nulls the schema does not allow.
// The object root is treated as an embedded resource: apiVersion, kind and
// metadata are kept for the generic metadata handling.
import type { JSONSchemaProps } from './types.js';
import { isObject } from './json.js';

const metaFields = new Set(['apiVersion', 'kind', 'metadata']);

function itemsOf(s: JSONSchemaProps | undefined): JSONSchemaProps | undefined {
  return s && s.items && !Array.isArray(s.items) ? s.items : undefined;
}

function additionalOf(s: JSONSchemaProps | undefined): JSONSchemaProps | undefined | null {
  // null: `additionalProperties: true`, a map whose values have no schema (nested fields get pruned, like upstream)
  if (!s || s.additionalProperties === undefined || s.additionalProperties === false) return undefined;
  return s.additionalProperties === true ? null : s.additionalProperties;
}

function join(parent: string, key: string): string {
  return parent ? `${parent}.${key}` : key;
}

function prune(x: unknown, s: JSONSchemaProps | undefined | null, path: string, embedded: boolean, unknown: string[]): void {
  if (s && s['x-kubernetes-preserve-unknown-fields']) {
    skipPrune(x, s, path, unknown);
    return;
  }
  if (Array.isArray(x)) {
    x.forEach((v, i) => prune(v, itemsOf(s ?? undefined), `${path}[${i}]`, !!itemsOf(s ?? undefined)?.['x-kubernetes-embedded-resource'], unknown));
    return;
  }
  if (!isObject(x)) return;
  if (!s) {
    for (const k of Object.keys(x)) {
      unknown.push(join(path, k));
      delete x[k];
    }
    return;
  }
  const ap = additionalOf(s);
  for (const k of Object.keys(x)) {
    if (embedded && metaFields.has(k)) continue;
    const prop = s.properties?.[k];
    if (prop) prune(x[k], prop, join(path, k), !!prop['x-kubernetes-embedded-resource'], unknown);
    else if (ap !== undefined) prune(x[k], ap, join(path, k), !!ap?.['x-kubernetes-embedded-resource'], unknown);
    else {
      if (!metaFields.has(k) || path !== '') unknown.push(join(path, k));
      delete x[k];
    }
  }
}

function skipPrune(x: unknown, s: JSONSchemaProps, path: string, unknown: string[]): void {
  if (Array.isArray(x)) {
    const items = itemsOf(s);
    if (items) x.forEach((v, i) => skipPrune(v, items, `${path}[${i}]`, unknown));
    return;
  }
  if (!isObject(x)) return;
  const embedded = !!s['x-kubernetes-embedded-resource'];
  const ap = additionalOf(s);
  for (const k of Object.keys(x)) {
    if (embedded && metaFields.has(k)) continue;
    const prop = s.properties?.[k];
    if (prop) prune(x[k], prop, join(path, k), !!prop['x-kubernetes-embedded-resource'], unknown);
    else if (ap) prune(x[k], ap, join(path, k), !!ap['x-kubernetes-embedded-resource'], unknown);
  }
}

/** Prunes unknown fields of a whole object in place; returns their paths, sorted (e.g. `spec.foo`). */
export function pruneObject(obj: unknown, schema: JSONSchemaProps | undefined): string[] {
  const unknown: string[] = [];
  if (schema?.['x-kubernetes-preserve-unknown-fields']) skipPrune(obj, { ...schema, 'x-kubernetes-embedded-resource': true }, '', unknown);
  else prune(obj, schema ?? {}, '', true, unknown);
  return unknown.sort();
}

/** Removes nulls where the schema neither allows null nor has a default. */
export function pruneNulls(x: unknown, s: JSONSchemaProps | undefined | null): void {
  if (Array.isArray(x)) {
    const items = itemsOf(s ?? undefined);
    for (const v of x) pruneNulls(v, items);
    return;
  }
  if (!isObject(x)) return;
  for (const k of Object.keys(x)) {
    const sub = s?.properties?.[k] ?? (isObject(s?.additionalProperties) ? s?.additionalProperties : undefined);
    if (x[k] === null && sub && !sub.nullable && sub.default === undefined) delete x[k];
    else pruneNulls(x[k], sub);
  }
}

/** Prunes a value against a schema node (for checking that defaults are pruned); returns unknown paths. */
export function pruneValue(x: unknown, s: JSONSchemaProps, isResourceRoot: boolean): string[] {
  const unknown: string[] = [];
  if (s['x-kubernetes-preserve-unknown-fields']) skipPrune(x, isResourceRoot ? { ...s, 'x-kubernetes-embedded-resource': true } : s, '', unknown);
  else prune(x, s, '', isResourceRoot, unknown);
  return unknown;
}
