// Defaults in a CRD schema must be pruned (no unknown fields) and valid
// against their own schema node (upstream structural defaulting ValidateDefaults).
import type { JSONSchemaProps } from './types.js';
import { invalid, type FieldError } from '../validation/field.js';
import { clone, deepEqual } from './json.js';
import { pruneValue } from './prune.js';
import { validateValue } from './schema-validate.js';
import { toFieldErrors } from './openapi-errors.js';

const metaFields = new Set(['apiVersion', 'kind', 'metadata']);

function walk(s: JSONSchemaProps, p: string, embedded: boolean, insideMeta: boolean, errs: FieldError[]): void {
  if (embedded) insideMeta = false;
  if (s.default !== undefined) {
    if (!insideMeta) {
      const pruned = clone(s.default);
      pruneValue(pruned, s, embedded);
      if (!deepEqual(pruned, s.default)) errs.push(invalid(`${p}.default`, s.default, 'must not have unknown fields'));
    }
    errs.push(...toFieldErrors(`${p}.default`, validateValue(s, s.default, '', undefined)));
  }
  const items = s.items && !Array.isArray(s.items) ? s.items : undefined;
  if (items) walk(items, `${p}.items`, !!items['x-kubernetes-embedded-resource'], insideMeta, errs);
  for (const [k, sub] of Object.entries(s.properties ?? {})) {
    walk(sub, `${p}.properties[${k}]`, !!sub['x-kubernetes-embedded-resource'], insideMeta || (embedded && metaFields.has(k)), errs);
  }
}

/** Errors of defaults anywhere in a root schema; `path` names the schema (…openAPIV3Schema). */
export function validateDefaults(path: string, root: JSONSchemaProps): FieldError[] {
  const errs: FieldError[] = [];
  walk(root, path, true, false, errs);
  return errs;
}
