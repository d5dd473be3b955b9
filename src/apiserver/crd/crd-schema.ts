// Validation of one CRD schema (upstream validateCustomResourceDefinitionValidation):
// root restrictions when the status subresource is on, structural-ness,
// defaults, then node-by-node OpenAPI checks.
import type { JSONSchemaProps } from './types.js';
import { forbidden, invalid, type FieldError } from '../validation/field.js';
import { validateStructural } from './structural.js';
import { validateDefaults } from './schema-defaults.js';
import { validateOpenAPISchema } from './schema-check.js';

// JSONSchemaProps fields in Go struct order, JSON name → Go name.
const goFields: Array<[string, string]> = [
  ['id', 'ID'], ['$schema', 'Schema'], ['$ref', 'Ref'], ['description', 'Description'], ['type', 'Type'],
  ['nullable', 'Nullable'], ['format', 'Format'], ['title', 'Title'], ['default', 'Default'], ['maximum', 'Maximum'],
  ['exclusiveMaximum', 'ExclusiveMaximum'], ['minimum', 'Minimum'], ['exclusiveMinimum', 'ExclusiveMinimum'],
  ['maxLength', 'MaxLength'], ['minLength', 'MinLength'], ['pattern', 'Pattern'], ['maxItems', 'MaxItems'],
  ['minItems', 'MinItems'], ['uniqueItems', 'UniqueItems'], ['multipleOf', 'MultipleOf'], ['enum', 'Enum'],
  ['maxProperties', 'MaxProperties'], ['minProperties', 'MinProperties'], ['required', 'Required'], ['items', 'Items'],
  ['allOf', 'AllOf'], ['oneOf', 'OneOf'], ['anyOf', 'AnyOf'], ['not', 'Not'], ['properties', 'Properties'],
  ['additionalProperties', 'AdditionalProperties'], ['patternProperties', 'PatternProperties'],
  ['dependencies', 'Dependencies'], ['additionalItems', 'AdditionalItems'], ['definitions', 'Definitions'],
  ['externalDocs', 'ExternalDocs'], ['example', 'Example'],
  ['x-kubernetes-preserve-unknown-fields', 'XPreserveUnknownFields'], ['x-kubernetes-embedded-resource', 'XEmbeddedResource'],
  ['x-kubernetes-int-or-string', 'XIntOrString'], ['x-kubernetes-list-map-keys', 'XListMapKeys'],
  ['x-kubernetes-list-type', 'XListType'], ['x-kubernetes-map-type', 'XMapType'], ['x-kubernetes-validations', 'XValidations'],
];

const allowedAtRoot = [
  'Description', 'Type', 'Format', 'Title', 'Maximum', 'ExclusiveMaximum', 'Minimum', 'ExclusiveMinimum', 'MaxLength',
  'MinLength', 'Pattern', 'MaxItems', 'MinItems', 'UniqueItems', 'MultipleOf', 'Required', 'Items', 'Properties',
  'ExternalDocs', 'Example', 'XPreserveUnknownFields', 'XValidations',
];

function isZero(v: unknown): boolean {
  if (v === undefined || v === null || v === false || v === '' || v === 0) return true;
  if (Array.isArray(v)) return v.length === 0;
  return false;
}

function statusRootErrors(s: JSONSchemaProps, path: string): FieldError[] {
  const rec = s as Record<string, unknown>;
  for (const [json, goName] of goFields) {
    const v = rec[json];
    if (isZero(v)) continue;
    if (goName === 'Type') {
      if (v !== 'object') {
        return [invalid(`${path}.openAPIV3Schema.type`, v, 'only "object" is allowed as the type at the root of the schema if the status subresource is enabled')];
      }
      continue;
    }
    if (!allowedAtRoot.includes(goName)) {
      return [invalid(`${path}.openAPIV3Schema`, s, `only [${allowedAtRoot.join(' ')}] fields are allowed at the root of the schema if the status subresource is enabled`)];
    }
  }
  return [];
}

/** `path` is where the CustomResourceValidation sits: `spec.validation` or `spec.versions[i].schema`. */
export function validateCRDSchema(schema: JSONSchemaProps | undefined, statusEnabled: boolean, path: string): FieldError[] {
  if (!schema) return [];
  const errs: FieldError[] = [];
  const root = `${path}.openAPIV3Schema`;
  if (statusEnabled) errs.push(...statusRootErrors(schema, path));
  if (schema.nullable) errs.push(forbidden(`${root}.nullable`, 'nullable cannot be true at the root'));
  const structural = validateStructural(root, schema);
  if (structural.length) errs.push(...structural);
  else errs.push(...validateDefaults(root, schema));
  errs.push(...validateOpenAPISchema(schema, root));
  return errs;
}
