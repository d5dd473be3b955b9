// Checks of a CRD's openAPIV3Schema node by node (upstream
// ValidateCustomResourceDefinitionOpenAPISchema and specStandardValidatorV3):
// unsupported OpenAPI features, additionalProperties vs properties, list and
// map extensions, defaults only where allowed, x-kubernetes-validations shape.
import type { JSONSchemaProps } from './types.js';
import { forbidden, invalid, notSupported, required, type FieldError } from '../validation/field.js';
import { isObject } from './json.js';

const openapiV3Types = ['array', 'boolean', 'integer', 'number', 'object', 'string'];
const metaFields = new Set(['metadata', 'kind', 'apiVersion']);
const validationReasons = ['FieldValueDuplicate', 'FieldValueForbidden', 'FieldValueInvalid', 'FieldValueRequired'];

interface Ssv {
  allowDefaults: boolean;
  disallowDefaultsReason: string;
  insideResourceMeta: boolean;
}

function standard(s: JSONSchemaProps, p: string, v: Ssv, errs: FieldError[]): void {
  if (s.type && !openapiV3Types.includes(s.type)) errs.push(notSupported(`${p}.type`, s.type, openapiV3Types));
  if (s.default !== undefined && !v.allowDefaults) {
    errs.push(forbidden(`${p}.default`, v.disallowDefaultsReason ? `must not be set ${v.disallowDefaultsReason}` : 'must not be set'));
  }
  if (s.id) errs.push(forbidden(`${p}.id`, 'id is not supported'));
  if (s.additionalItems !== undefined) errs.push(forbidden(`${p}.additionalItems`, 'additionalItems is not supported'));
  if (s.patternProperties && Object.keys(s.patternProperties).length) errs.push(forbidden(`${p}.patternProperties`, 'patternProperties is not supported'));
  if (s.definitions && Object.keys(s.definitions).length) errs.push(forbidden(`${p}.definitions`, 'definitions is not supported'));
  if (s.dependencies !== undefined) errs.push(forbidden(`${p}.dependencies`, 'dependencies is not supported'));
  if (s.$ref !== undefined) errs.push(forbidden(`${p}.$ref`, '$ref is not supported'));
  if (s.type === 'null') errs.push(forbidden(`${p}.type`, 'type cannot be set to null, use nullable as an alternative'));
  if (Array.isArray(s.items) && s.items.length) errs.push(forbidden(`${p}.items`, 'items must be a schema object and not an array'));
  if (v.insideResourceMeta && s['x-kubernetes-embedded-resource']) {
    errs.push(forbidden(`${p}.x-kubernetes-embedded-resource`, 'must not be used inside of resource meta'));
  }
}

function listChecks(s: JSONSchemaProps, p: string, errs: FieldError[]): void {
  const mapType = s['x-kubernetes-map-type'];
  const listType = s['x-kubernetes-list-type'];
  const keys = s['x-kubernetes-list-map-keys'] ?? [];
  const items = s.items && !Array.isArray(s.items) ? s.items : undefined;
  if (mapType !== undefined && s.type !== 'object') {
    if (!s.type) errs.push(required(`${p}.type`, 'must be object if x-kubernetes-map-type is specified'));
    else errs.push(invalid(`${p}.type`, s.type, 'must be object if x-kubernetes-map-type is specified'));
  }
  if (mapType !== undefined && mapType !== 'atomic' && mapType !== 'granular') {
    errs.push(notSupported(`${p}.x-kubernetes-map-type`, mapType, ['atomic', 'granular']));
  }
  if (listType !== undefined && s.type !== 'array') {
    if (!s.type) errs.push(required(`${p}.type`, 'must be array if x-kubernetes-list-type is specified'));
    else errs.push(invalid(`${p}.type`, s.type, 'must be array if x-kubernetes-list-type is specified'));
  } else if (listType === 'set' && items) {
    if (items.type === 'array' && items['x-kubernetes-list-type'] !== undefined && items['x-kubernetes-list-type'] !== 'atomic') {
      errs.push(invalid(`${p}.items.x-kubernetes-list-type`, items['x-kubernetes-list-type'], 'must be atomic as item of a list with x-kubernetes-list-type=set'));
    }
    if (items.type === 'object' && items['x-kubernetes-map-type'] !== 'atomic') {
      errs.push(invalid(`${p}.items.x-kubernetes-map-type`, items['x-kubernetes-list-type'] ?? null, 'must be atomic as item of a list with x-kubernetes-list-type=set'));
    }
  }
  if (listType !== undefined && !['atomic', 'set', 'map'].includes(listType)) {
    errs.push(notSupported(`${p}.x-kubernetes-list-type`, listType, ['atomic', 'set', 'map']));
  }
  if (keys.length) {
    if (listType === undefined) errs.push(required(`${p}.x-kubernetes-list-type`, 'must be map if x-kubernetes-list-map-keys is non-empty'));
    else if (listType !== 'map') errs.push(invalid(`${p}.x-kubernetes-list-type`, listType, 'must be map if x-kubernetes-list-map-keys is non-empty'));
  }
  if (listType === 'map') {
    if (!keys.length) errs.push(required(`${p}.x-kubernetes-list-map-keys`, 'must not be empty if x-kubernetes-list-type is map'));
    if (s.items === undefined) errs.push(required(`${p}.items`, 'must have a schema if x-kubernetes-list-type is map'));
    if (Array.isArray(s.items)) errs.push(invalid(`${p}.items`, s.items, 'must only have a single schema if x-kubernetes-list-type is map'));
    if (items && items.type !== 'object') errs.push(invalid(`${p}.items.type`, items.type ?? '', "must be object if parent array's x-kubernetes-list-type is map"));
    if (items && items.type === 'object') {
      const seen = new Set<string>();
      for (const k of keys) {
        const ks = items.properties?.[k];
        if (!ks) errs.push(invalid(`${p}.x-kubernetes-list-map-keys`, keys, 'entries must all be names of item properties'));
        else if (ks.type === 'array' || ks.type === 'object') {
          errs.push(invalid(`${p}.items.properties[${k}].type`, items.type, "must be a scalar type if parent array's x-kubernetes-list-type is map"));
        }
        if (seen.has(k)) errs.push(invalid(`${p}.x-kubernetes-list-map-keys`, keys, 'must not contain duplicate entries'));
        seen.add(k);
      }
    }
  }
  if (items && (listType === 'set' || listType === 'map')) {
    if (items.nullable) errs.push(forbidden(`${p}.items.nullable`, `cannot be nullable when x-kubernetes-list-type is ${listType}`));
    if (listType === 'map') {
      const req = new Set(items.required ?? []);
      for (const k of keys) {
        const ks = items.properties?.[k];
        if (!ks) continue;
        if (!req.has(k) && ks.default === undefined) {
          errs.push(required(`${p}.items.properties[${k}].default`, 'this property is in x-kubernetes-list-map-keys, so it must have a default or be a required property'));
        }
        if (ks.nullable) errs.push(forbidden(`${p}.items.properties[${k}].nullable`, 'this property is in x-kubernetes-list-map-keys, so it cannot be nullable'));
      }
    }
  }
}

function celRuleShape(s: JSONSchemaProps, p: string, errs: FieldError[]): void {
  (s['x-kubernetes-validations'] ?? []).forEach((rule, i) => {
    const rp = `${p}.x-kubernetes-validations[${i}]`;
    const r = (rule.rule ?? '').trim();
    const msg = (rule.message ?? '').trim();
    if (!r) errs.push(required(`${rp}.rule`, 'rule is not specified'));
    else if (rule.message && !msg) errs.push(invalid(`${rp}.message`, rule.message, 'must be non-empty if specified'));
    else if (/[\n\r]/.test(msg)) errs.push(invalid(`${rp}.message`, rule.message, 'must not contain line breaks'));
    else if (/[\n\r]/.test(r) && !msg) errs.push(required(`${rp}.message`, 'message must be specified if rule contains line breaks'));
    if (rule.messageExpression !== undefined && rule.messageExpression.length > 0 && !rule.messageExpression.trim()) {
      errs.push(required(`${rp}.messageExpression`, 'messageExpression must be non-empty if specified'));
    }
    if (rule.reason !== undefined && !validationReasons.includes(rule.reason)) errs.push(notSupported(`${rp}.reason`, rule.reason, validationReasons));
    if (rule.fieldPath !== undefined && rule.fieldPath.length > 0 && !rule.fieldPath.trim()) {
      errs.push(invalid(`${rp}.fieldPath`, rule.fieldPath, 'must be non-empty if specified'));
    }
    if (rule.fieldPath && /[\n\r]/.test(rule.fieldPath)) errs.push(invalid(`${rp}.fieldPath`, rule.fieldPath, 'must not contain line breaks'));
  });
}

function walk(s: JSONSchemaProps | undefined, p: string, v: Ssv, isRoot: boolean, errs: FieldError[]): void {
  if (!s) return;
  standard(s, p, v, errs);
  if (s.uniqueItems) errs.push(forbidden(`${p}.uniqueItems`, 'uniqueItems cannot be set to true since the runtime complexity becomes quadratic'));
  if (s.additionalProperties !== undefined) {
    if (s.properties && Object.keys(s.properties).length && (s.additionalProperties === false || isObject(s.additionalProperties))) {
      errs.push(forbidden(`${p}.additionalProperties`, 'additionalProperties and properties are mutual exclusive'));
    }
    const sub = v.insideResourceMeta ? { ...v, allowDefaults: false, disallowDefaultsReason: 'inside additionalProperties applying to object metadata' } : v;
    if (isObject(s.additionalProperties)) walk(s.additionalProperties as JSONSchemaProps, `${p}.additionalProperties`, sub, false, errs);
  }
  for (const [k, prop] of Object.entries(s.properties ?? {})) {
    let sub = v;
    if ((isRoot || s['x-kubernetes-embedded-resource']) && metaFields.has(k)) {
      sub = { ...sub, insideResourceMeta: true };
      if (isRoot) sub = { ...sub, allowDefaults: false, disallowDefaultsReason: `in top-level ${k}` };
    }
    walk(prop, `${p}.properties[${k}]`, sub, false, errs);
  }
  walk(s.not, `${p}.not`, v, false, errs);
  s.allOf?.forEach((x, i) => walk(x, `${p}.allOf[${i}]`, v, false, errs));
  s.oneOf?.forEach((x, i) => walk(x, `${p}.oneOf[${i}]`, v, false, errs));
  s.anyOf?.forEach((x, i) => walk(x, `${p}.anyOf[${i}]`, v, false, errs));
  for (const [k, d] of Object.entries(s.definitions ?? {})) walk(d, `${p}.definitions[${k}]`, v, false, errs);
  if (Array.isArray(s.items)) s.items.forEach((x, i) => walk(x, `${p}.items[${i}]`, v, false, errs));
  else walk(s.items, `${p}.items`, v, false, errs);
  for (const [k, d] of Object.entries(s.dependencies ?? {})) if (!Array.isArray(d)) walk(d, `${p}.dependencies[${k}]`, v, false, errs);
  if (s['x-kubernetes-preserve-unknown-fields'] === false) {
    errs.push(invalid(`${p}.x-kubernetes-preserve-unknown-fields`, false, 'must be true or undefined'));
  }
  listChecks(s, p, errs);
  celRuleShape(s, p, errs);
}

export function validateOpenAPISchema(s: JSONSchemaProps, path: string): FieldError[] {
  const errs: FieldError[] = [];
  walk(s, path, { allowDefaults: true, disallowDefaultsReason: '', insideResourceMeta: false }, true, errs);
  return errs;
}
