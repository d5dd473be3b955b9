// Uniqueness of x-kubernetes-list-type=set items and =map keys (upstream
// pkg/apiserver/schema/listtype). Only the second occurrence of a duplicate is
// reported, as upstream does.
import type { JSONSchemaProps } from './types.js';
import { duplicate, invalid, type FieldError } from '../validation/field.js';
import { isObject } from './json.js';

function key(v: unknown): string {
  return JSON.stringify(v, (_k, val: unknown) =>
    isObject(val) ? Object.fromEntries(Object.keys(val).sort().map((k) => [k, val[k]])) : val,
  );
}

function nonUnique(values: unknown[]): number[] {
  const seen = new Map<string, number>();
  const out: number[] = [];
  values.forEach((v, i) => {
    const k = v === undefined ? '\u0000unspecified' : key(v);
    const n = seen.get(k) ?? 0;
    if (n === 1) out.push(i);
    seen.set(k, n + 1);
  });
  return out;
}

function validateArray(path: string, s: JSONSchemaProps, arr: unknown[]): FieldError[] {
  const errs: FieldError[] = [];
  const type = s['x-kubernetes-list-type'];
  if (type === 'set') {
    for (const i of nonUnique(arr)) errs.push(duplicate(`${path}[${i}]`, arr[i]));
  } else if (type === 'map') {
    const bad = arr.findIndex((x) => x !== null && !isObject(x));
    if (bad >= 0) return [invalid(`${path}[${bad}]`, arr[bad], 'must be an object for an array of list-type map')];
    const keys = s['x-kubernetes-list-map-keys'] ?? [];
    const keyValues = arr.map((x) => {
      const kv: Record<string, unknown> = {};
      if (isObject(x)) for (const k of keys) if (k in x) kv[k] = x[k];
      return kv;
    });
    for (const i of nonUnique(keyValues)) errs.push(duplicate(`${path}[${i}]`, keyValues[i]));
  }
  const items = s.items && !Array.isArray(s.items) ? s.items : undefined;
  if (items) arr.forEach((x, i) => errs.push(...validateNode(`${path}[${i}]`, items, x)));
  return errs;
}

function validateNode(path: string, s: JSONSchemaProps, v: unknown): FieldError[] {
  if (Array.isArray(v)) return validateArray(path, s, v);
  if (isObject(v)) return validateListSetsAndMaps(path, s, v);
  return [];
}

/** Duplicate errors for set/map lists anywhere in `obj`. */
export function validateListSetsAndMaps(path: string, s: JSONSchemaProps | undefined, obj: Record<string, unknown>): FieldError[] {
  if (!s) return [];
  const errs: FieldError[] = [];
  const ap = isObject(s.additionalProperties) ? (s.additionalProperties as JSONSchemaProps) : undefined;
  if (ap) for (const [k, v] of Object.entries(obj)) errs.push(...validateNode(`${path}[${k}]`, ap, v));
  if (s.properties) {
    for (const [k, v] of Object.entries(obj)) {
      const sub = s.properties[k];
      if (sub) errs.push(...validateNode(path ? `${path}.${k}` : k, sub, v));
    }
  }
  return errs;
}
