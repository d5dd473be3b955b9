// CRD selectableFields: simple paths to string, boolean or integer fields
// outside metadata, at most 8 (upstream ValidateCustomResourceSelectableFields).
import type { JSONSchemaProps } from './types.js';
import { duplicate, invalid, required, tooMany, type FieldError } from '../validation/field.js';
import { isObject } from './json.js';

export const maxSelectableFields = 8;

/** Resolves `.a.b` in a schema; undefined when the path names no field. */
export function resolveSchemaPath(schema: JSONSchemaProps | undefined, jsonPath: string): { parts: string[]; schema: JSONSchemaProps } | undefined {
  if (!schema || !jsonPath.startsWith('.') || jsonPath.length < 2) return undefined;
  const parts = jsonPath.slice(1).split('.');
  let s: JSONSchemaProps | undefined = schema;
  for (const p of parts) {
    if (!p || !s) return undefined;
    s = s.properties?.[p] ?? (isObject(s.additionalProperties) ? (s.additionalProperties as JSONSchemaProps) : undefined);
  }
  return s ? { parts, schema: s } : undefined;
}

export function validateSelectableFields(fields: Array<{ jsonPath?: string }>, schema: JSONSchemaProps | undefined, p: string): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  fields.forEach((f, i) => {
    const fp = `${p}[${i}].jsonPath`;
    const path = f.jsonPath ?? '';
    if (!path) {
      errs.push(required(fp, ''));
      return;
    }
    const r = resolveSchemaPath(schema, path);
    if (!r) {
      errs.push(invalid(fp, path, 'is an invalid path: does not refer to a valid field'));
      return;
    }
    if (r.parts[0] === 'metadata') errs.push(invalid(fp, path, 'must not point to fields in metadata'));
    if (!['string', 'boolean', 'integer'].includes(r.schema.type ?? '')) {
      errs.push(invalid(fp, path, 'must point to a field of type string, boolean or integer. Enum string fields and strings with formats are allowed.'));
    }
    const key = r.parts.join('.');
    if (seen.has(key)) errs.push(duplicate(fp, path));
    seen.add(key);
  });
  if (seen.size > maxSelectableFields) errs.push(tooMany(p, seen.size, maxSelectableFields));
  return errs;
}
