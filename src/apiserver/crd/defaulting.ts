// Structural defaulting (upstream pkg/apiserver/schema/defaulting): a missing
// field, or a null one the schema does not allow, takes its schema default.
import type { JSONSchemaProps } from './types.js';
import { clone, isObject } from './json.js';

function nonNullableNull(x: unknown, s: JSONSchemaProps | undefined): boolean {
  return x === null && !!s && !s.nullable;
}

export function applyDefaults(x: unknown, s: JSONSchemaProps | undefined): void {
  if (!s) return;
  if (isObject(x)) {
    for (const [k, prop] of Object.entries(s.properties ?? {})) {
      if (prop.default === undefined) continue;
      if (!(k in x) || x[k] === undefined || nonNullableNull(x[k], prop)) x[k] = clone(prop.default);
    }
    const ap = isObject(s.additionalProperties) ? (s.additionalProperties as JSONSchemaProps) : undefined;
    for (const k of Object.keys(x)) {
      const prop = s.properties?.[k];
      if (prop) applyDefaults(x[k], prop);
      else if (ap) {
        if (nonNullableNull(x[k], ap) && ap.default !== undefined) x[k] = clone(ap.default);
        applyDefaults(x[k], ap);
      }
    }
  } else if (Array.isArray(x)) {
    const items = s.items && !Array.isArray(s.items) ? s.items : undefined;
    if (!items) return;
    for (let i = 0; i < x.length; i++) {
      if (nonNullableNull(x[i], items) && items.default !== undefined) x[i] = clone(items.default);
      applyDefaults(x[i], items);
    }
  }
}
