// Validation of a value against a CRD schema, following kube-openapi's
// SchemaValidator: every sub-validator (type, allOf/anyOf/oneOf/not, string,
// format, number, array, enum, object) runs on its own and errors accumulate.
// On update, a value equal to its correlated old value is not re-validated
// (upstream's CRD validation ratcheting).
import type { JSONSchemaProps } from './types.js';
import { deepEqual, isObject, jsonKind } from './json.js';
import { checkFormat, effectiveFormat, isKnownStringFormat } from './formats.js';
import * as E from './openapi-errors.js';
import type { OpenAPIError } from './openapi-errors.js';
import { checkNumber } from './schema-number.js';
import { compilePattern } from './regex.js';
import { correlateItem } from './correlate.js';

/** The correlated old value during an update (absent: no ratcheting). */
export type Old = { value: unknown } | undefined;

export function schemaTypes(s: JSONSchemaProps): string[] {
  if (s['x-kubernetes-int-or-string']) return ['integer', 'string'];
  return s.type ? [s.type] : [];
}

function childPath(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

function typeErrors(s: JSONSchemaProps, types: string[], format: string, data: unknown, path: string): OpenAPIError[] {
  if (!(types.length > 0 || format !== '')) return [];
  if (data === null || data === undefined) {
    if (types.length > 0 && !s.nullable) return [E.invalidType(path, types.join(','), 'null')];
    return [];
  }
  const kind = jsonKind(data);
  const dataFormat = kind === 'integer' ? 'int64' : kind === 'number' ? 'float64' : '';
  const stringOrSlice = kind === 'string' || kind === 'array';
  const isIntFloat = kind === 'integer' && types.includes('number');
  if (!stringOrSlice && format !== '' && !(types.includes(kind) || dataFormat === format || isIntFloat)) {
    return [E.invalidType(path, format, dataFormat)];
  }
  if (!(types.includes('number') || types.includes('integer')) && format !== '' && stringOrSlice) return [];
  if (!(types.includes(kind) || isIntFloat)) return [E.invalidType(path, types.join(','), kind)];
  return [];
}

function propsValidatorErrors(s: JSONSchemaProps, data: unknown, path: string): OpenAPIError[] {
  const out: OpenAPIError[] = [];
  if (s.anyOf?.length) {
    let best: OpenAPIError[] | undefined;
    let ok = false;
    for (const sub of s.anyOf) {
      const r = validateValue(sub, data, path, undefined);
      if (r.length === 0) {
        ok = true;
        best = undefined;
        break;
      }
      if (!best || r.length < best.length) best = r;
    }
    if (!ok) out.push(E.plainErr(`${JSON.stringify(path)} must validate at least one schema (anyOf)`));
    if (best) out.push(...best);
  }
  if (s.oneOf?.length) {
    let best: OpenAPIError[] | undefined;
    let validated = 0;
    for (const sub of s.oneOf) {
      const r = validateValue(sub, data, path, undefined);
      if (r.length === 0) {
        validated++;
        best = undefined;
        continue;
      }
      if (validated === 0 && (!best || r.length < best.length)) best = r;
    }
    if (validated !== 1) {
      const extra = validated === 0 ? 'Found none valid' : `Found ${validated} valid alternatives`;
      out.push(E.plainErr(`${JSON.stringify(path)} must validate one and only one schema (oneOf). ${extra}`));
      if (best) out.push(...best);
    }
  }
  if (s.allOf?.length) {
    let validated = 0;
    for (const sub of s.allOf) {
      const r = validateValue(sub, data, path, undefined);
      if (r.length === 0) validated++;
      out.push(...r);
    }
    if (validated !== s.allOf.length) {
      out.push(E.plainErr(`${JSON.stringify(path)} must validate all the schemas (allOf)${validated === 0 ? '. None validated' : ''}`));
    }
  }
  if (s.not && validateValue(s.not, data, path, undefined).length === 0) {
    out.push(E.plainErr(`${JSON.stringify(path)} must not validate the schema (not)`));
  }
  return out;
}

function stringErrors(s: JSONSchemaProps, data: string, path: string): OpenAPIError[] {
  const len = [...data].length;
  if (s.maxLength !== undefined && len > s.maxLength) return [E.tooLongErr(path, s.maxLength, data)];
  if (s.minLength !== undefined && len < s.minLength) return [E.tooShortErr(path, s.minLength, data)];
  if (s.pattern) {
    const re = compilePattern(s.pattern);
    if (re instanceof Error) return [E.patternErr(path, `${s.pattern}, but pattern is invalid: ${re.message}`, data)];
    if (!re.test(data)) return [E.patternErr(path, s.pattern, data)];
  }
  return [];
}

function arrayErrors(s: JSONSchemaProps, data: unknown[], path: string, old: Old): OpenAPIError[] {
  const out: OpenAPIError[] = [];
  const items = s.items;
  if (items && !Array.isArray(items)) {
    data.forEach((v, i) => out.push(...validateValue(items, v, `${path}[${i}]`, correlateItem(s, v, old))));
  } else if (Array.isArray(items)) {
    items.forEach((sub, i) => {
      if (i < data.length) out.push(...validateValue(sub, data[i], `${path}[${i}]`, undefined));
    });
  }
  if (s.minItems !== undefined && data.length < s.minItems) out.push(E.minItemsErr(path, s.minItems, data.length));
  if (s.maxItems !== undefined && data.length > s.maxItems) out.push(E.maxItemsErr(path, s.maxItems, data.length));
  if (s.uniqueItems && data.some((v, i) => data.findIndex((w) => deepEqual(v, w)) !== i)) out.push(E.uniqueErr(path));
  return out;
}

function enumErrors(s: JSONSchemaProps, data: unknown, path: string): OpenAPIError[] {
  if (!s.enum?.length) return [];
  if (data !== null && data !== undefined && s.enum.some((e) => deepEqual(e, data))) return [];
  return [E.enumErr(path, data ?? null, s.enum)];
}

function objectErrors(s: JSONSchemaProps, data: Record<string, unknown>, path: string, old: Old): OpenAPIError[] {
  const out: OpenAPIError[] = [];
  const keys = Object.keys(data);
  const props = s.properties ?? {};
  const oldObj = old && isObject(old.value) ? old.value : undefined;
  const oldOf = (k: string): Old => (oldObj && k in oldObj ? { value: oldObj[k] } : undefined);
  if (s.minProperties !== undefined && keys.length < s.minProperties) out.push(E.tooFewPropsErr(path, s.minProperties, keys.length));
  if (s.maxProperties !== undefined && keys.length > s.maxProperties) out.push(E.tooManyPropsErr(path, s.maxProperties, keys.length));
  const ap = s.additionalProperties;
  if (ap === false) {
    for (const k of keys) if (!(k in props)) out.push(E.propertyNotAllowedErr(path, k));
  } else if (isObject(ap)) {
    for (const k of keys) if (!(k in props)) out.push(...validateValue(ap, data[k], `${path}.${k}`, oldOf(k)));
  }
  for (const [name, sub] of Object.entries(props)) {
    if (name in data) out.push(...validateValue(sub, data[name], childPath(path, name), oldOf(name)));
  }
  for (const k of s.required ?? []) if (!(k in data)) out.push(E.requiredErr(`${path}.${k}`));
  return out;
}

/** All errors of `data` against `s`, named by `path` (kube-openapi names: `spec.replicas`, `spec.items[0]`). */
export function validateValue(s: JSONSchemaProps, data: unknown, path: string, old: Old): OpenAPIError[] {
  if (old && deepEqual(old.value, data)) return [];
  const types = schemaTypes(s);
  const format = effectiveFormat(types.length === 1 ? types[0] : undefined, s.format);
  const out: OpenAPIError[] = [];
  out.push(...typeErrors(s, types, format, data, path));
  if (data === null || data === undefined) {
    out.push(...enumErrors(s, data, path));
    return out;
  }
  out.push(...propsValidatorErrors(s, data, path));
  if (typeof data === 'string') {
    out.push(...stringErrors(s, data, path));
    if (format && isKnownStringFormat(format) && !checkFormat(format, data)) out.push(E.invalidType(path, format, data));
  }
  if (typeof data === 'number') out.push(...checkNumber(s, types, format, data, path));
  if (Array.isArray(data)) out.push(...arrayErrors(s, data, path, old));
  out.push(...enumErrors(s, data, path));
  if (isObject(data)) out.push(...objectErrors(s, data, path, old));
  return out;
}
