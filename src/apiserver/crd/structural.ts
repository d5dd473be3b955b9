// Is a CRD schema structural? (upstream pkg/apiserver/schema validation.go and
// complete.go): every specified node has a type (or int-or-string /
// preserve-unknown-fields), value validations under allOf/anyOf/oneOf/not
// carry no structure of their own, metadata at the root only names
// name/generateName, and everything value validations mention is specified.
import type { JSONSchemaProps } from './types.js';
import { errorString, forbidden, invalid, required, type FieldError } from '../validation/field.js';
import { compilePattern } from './regex.js';
import { deepEqual, isObject } from './json.js';

type Level = 'root' | 'item' | 'field';

const typeMissing: Record<Level, string> = {
  root: 'must not be empty at the root',
  item: 'must not be empty for specified array items',
  field: 'must not be empty for specified object fields',
};

const intOrStringAnyOf = [{ type: 'integer' }, { type: 'string' }];

function itemsOf(s: JSONSchemaProps): JSONSchemaProps | undefined {
  return s.items && !Array.isArray(s.items) ? s.items : undefined;
}

function apSchema(s: JSONSchemaProps): JSONSchemaProps | undefined {
  return isObject(s.additionalProperties) ? (s.additionalProperties as JSONSchemaProps) : undefined;
}

function isIntOrStringAnyOf(anyOf: JSONSchemaProps[] | undefined): boolean {
  return !!anyOf && anyOf.length === 2 && deepEqual(anyOf, intOrStringAnyOf);
}

function validateValueValidation(s: JSONSchemaProps, skipAnyOf: boolean, skipFirstAllOfAnyOf: boolean, lvl: Level, path: string, errs: FieldError[]): void {
  if (!skipAnyOf) s.anyOf?.forEach((v, i) => validateNested(v, false, lvl, `${path}.anyOf[${i}]`, errs));
  s.allOf?.forEach((v, i) => validateNested(v, skipFirstAllOfAnyOf && i === 0, lvl, `${path}.allOf[${i}]`, errs));
  s.oneOf?.forEach((v, i) => validateNested(v, false, lvl, `${path}.oneOf[${i}]`, errs));
  if (s.not) validateNested(s.not, false, lvl, `${path}.not`, errs);
  if (s.pattern) {
    const re = compilePattern(s.pattern);
    if (re instanceof Error) errs.push(invalid(`${path}.pattern`, s.pattern, `must be a valid regular expression, but isn't: ${re.message}`));
  }
}

function validateNested(v: JSONSchemaProps, skipAnyOf: boolean, lvl: Level, path: string, errs: FieldError[]): void {
  validateValueValidation(v, skipAnyOf, false, lvl, path, errs);
  const items = itemsOf(v);
  if (items) validateNested(items, false, lvl, `${path}.items`, errs);
  for (const [k, p] of Object.entries(v.properties ?? {})) validateNested(p, false, 'field', `${path}.properties[${k}]`, errs);
  if (v.type) errs.push(forbidden(`${path}.type`, 'must be empty to be structural'));
  if (v.additionalProperties !== undefined) errs.push(forbidden(`${path}.additionalProperties`, 'must be undefined to be structural'));
  if (v.default !== undefined) errs.push(forbidden(`${path}.default`, 'must be undefined to be structural'));
  if (v.title) errs.push(forbidden(`${path}.title`, 'must be empty to be structural'));
  if (v.description) errs.push(forbidden(`${path}.description`, 'must be empty to be structural'));
  if (v.nullable) errs.push(forbidden(`${path}.nullable`, 'must be false to be structural'));
  if (v['x-kubernetes-preserve-unknown-fields']) errs.push(forbidden(`${path}.x-kubernetes-preserve-unknown-fields`, 'must be false to be structural'));
  if (v['x-kubernetes-embedded-resource']) errs.push(forbidden(`${path}.x-kubernetes-embedded-resource`, 'must be false to be structural'));
  if (v['x-kubernetes-int-or-string']) errs.push(forbidden(`${path}.x-kubernetes-int-or-string`, 'must be false to be structural'));
  if (v['x-kubernetes-list-map-keys']?.length) errs.push(forbidden(`${path}.x-kubernetes-list-map-keys`, 'must be empty to be structural'));
  if (v['x-kubernetes-list-type'] !== undefined) errs.push(forbidden(`${path}.x-kubernetes-list-type`, 'must be undefined to be structural'));
  if (v['x-kubernetes-map-type'] !== undefined) errs.push(forbidden(`${path}.x-kubernetes-map-type`, 'must be undefined to be structural'));
  if (v['x-kubernetes-validations']?.length) errs.push(forbidden(`${path}.x-kubernetes-validations`, 'must be empty to be structural'));
  if (v.properties && 'metadata' in v.properties) errs.push(forbidden(`${path}.properties[metadata]`, 'must not be specified in a nested context'));
}

// type and default are cleared by upstream before the comparison; the rest are not part of a structural schema.
const metadataIgnored = new Set(['type', 'default', 'example', 'externalDocs', 'id', '$schema']);

function validateMetadata(m: JSONSchemaProps, checkMetadata: boolean, lvl: Level, path: string, errs: FieldError[]): void {
  if (checkMetadata && m.type !== 'object') errs.push(invalid(`${path}.type`, m.type ?? '', 'must be object'));
  if (lvl !== 'root') return;
  const props = Object.keys(m.properties ?? {});
  const onlyNames = props.length > 0 && props.length <= 2 && props.every((p) => p === 'name' || p === 'generateName');
  const rest = Object.entries(m).filter(([k, v]) => {
    if (metadataIgnored.has(k) || v === undefined) return false;
    if (k === 'properties') return !onlyNames && props.length > 0;
    if (k === 'additionalProperties') return true;
    if (Array.isArray(v)) return v.length > 0;
    return v !== false && v !== '';
  });
  if (rest.length > 0) {
    errs.push(forbidden(path, 'must not specify anything other than name and generateName, but metadata is implicitly specified'));
  }
}

function validateInvariants(s: JSONSchemaProps, lvl: Level, path: string, errs: FieldError[]): void {
  const items = itemsOf(s);
  if (s.type === 'array' && !items) errs.push(required(`${path}.items`, 'must be specified'));
  if (items) validateInvariants(items, 'item', `${path}.items`, errs);
  for (const [k, p] of Object.entries(s.properties ?? {})) validateInvariants(p, 'field', `${path}.properties[${k}]`, errs);
  if (s.additionalProperties !== undefined) {
    if (lvl === 'root') errs.push(forbidden(`${path}.additionalProperties`, 'must not be used at the root'));
    const ap = apSchema(s);
    if (ap) validateInvariants(ap, 'field', `${path}.additionalProperties`, errs);
  }
  const ios = !!s['x-kubernetes-int-or-string'];
  const preserve = !!s['x-kubernetes-preserve-unknown-fields'];
  const embedded = !!s['x-kubernetes-embedded-resource'];
  if (ios && preserve) errs.push(invalid(`${path}.x-kubernetes-preserve-unknown-fields`, true, 'must be false if x-kubernetes-int-or-string is true'));
  if (ios && embedded) errs.push(invalid(`${path}.x-kubernetes-embedded-resource`, true, 'must be false if x-kubernetes-int-or-string is true'));
  const skipAnyOf = isIntOrStringAnyOf(s.anyOf);
  const skipFirstAllOfAnyOf = !!s.allOf?.length && isIntOrStringAnyOf(s.allOf[0].anyOf);
  validateValueValidation(s, skipAnyOf, skipFirstAllOfAnyOf, lvl, path, errs);
  const checkMetadata = lvl === 'root' || embedded;
  if (embedded && s.type !== 'object') {
    if (!s.type) errs.push(required(`${path}.type`, 'must be object if x-kubernetes-embedded-resource is true'));
    else errs.push(invalid(`${path}.type`, s.type, 'must be object if x-kubernetes-embedded-resource is true'));
  } else if (!s.type && !ios && !preserve) {
    errs.push(required(`${path}.type`, typeMissing[lvl]));
  }
  if (embedded && s.additionalProperties !== undefined) {
    errs.push(forbidden(`${path}.additionalProperties`, 'must not be used if x-kubernetes-embedded-resource is set'));
  }
  if (lvl === 'root' && s.type && s.type !== 'object') errs.push(invalid(`${path}.type`, s.type, 'must be object at the root'));
  for (const meta of ['kind', 'apiVersion']) {
    const p = s.properties?.[meta];
    if (p && checkMetadata && p.type !== 'string') errs.push(invalid(`${path}.properties[${meta}].type`, p.type ?? '', 'must be string'));
  }
  const md = s.properties?.metadata;
  if (md) validateMetadata(md, checkMetadata, lvl, `${path}.properties[metadata]`, errs);
  if (embedded && !preserve && !Object.keys(s.properties ?? {}).length) {
    errs.push(required(`${path}.properties`, 'must not be empty if x-kubernetes-embedded-resource is true without x-kubernetes-preserve-unknown-fields'));
  }
}

function completenessOfValidation(v: JSONSchemaProps, s: JSONSchemaProps | undefined, sPath: string, vPath: string, errs: FieldError[]): void {
  const nested: Array<[JSONSchemaProps, string]> = [];
  if (v.not) nested.push([v.not, `${vPath}.not`]);
  v.allOf?.forEach((x, i) => nested.push([x, `${vPath}.allOf[${i}]`]));
  v.anyOf?.forEach((x, i) => nested.push([x, `${vPath}.anyOf[${i}]`]));
  v.oneOf?.forEach((x, i) => nested.push([x, `${vPath}.oneOf[${i}]`]));
  if (nested.length && !s) {
    errs.push(required(sPath, `because it is defined in ${vPath}`));
    return;
  }
  for (const [x, p] of nested) completenessOfNested(x, s, sPath, p, errs);
}

function completenessOfNested(v: JSONSchemaProps, s: JSONSchemaProps | undefined, sPath: string, vPath: string, errs: FieldError[]): void {
  if (!s) {
    errs.push(required(sPath, `because it is defined in ${vPath}`));
    return;
  }
  completenessOfValidation(v, s, sPath, vPath, errs);
  const items = itemsOf(v);
  if (items) completenessOfNested(items, itemsOf(s), `${sPath}.items`, `${vPath}.items`, errs);
  for (const [k, p] of Object.entries(v.properties ?? {})) {
    const sp = s.properties?.[k];
    if (!sp) errs.push(required(`${sPath}.properties[${k}]`, `because it is defined in ${vPath}.properties[${k}]`));
    else completenessOfNested(p, sp, `${sPath}.properties[${k}]`, `${vPath}.properties[${k}]`, errs);
  }
}

/** ValidateStructural: errors sorted by their text, like upstream. */
export function validateStructural(path: string, s: JSONSchemaProps): FieldError[] {
  const errs: FieldError[] = [];
  validateInvariants(s, 'root', path, errs);
  completenessOfValidation(s, s, path, path, errs);
  return errs.sort((a, b) => (errorString(a) < errorString(b) ? -1 : errorString(a) > errorString(b) ? 1 : 0));
}
