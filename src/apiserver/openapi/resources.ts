// Which definitions describe a served resource, and whether it takes
// strategic merge patches (built-in kinds do; custom resources do not).
import type { ResourceDef } from '../types.js';
import type { SchemaSet } from '../schema/set.js';
import { builtinDefinitions } from '../schema/builtin.js';
import type { ResourceSchemas } from './paths.js';

/** Definition names of a resource's kind and list kind; undefined when the set has no schema for the kind. */
export function resourceSchemas(r: ResourceDef, set: SchemaSet): ResourceSchemas | undefined {
  const kind = set.nameForGVK(r.group, r.version, r.kind);
  if (!kind) return undefined;
  const list = set.nameForGVK(r.group, r.version, r.listKind) ?? kind;
  let strategicMerge = false;
  try {
    strategicMerge = builtinDefinitions()[kind] !== undefined && builtinDefinitions()[kind] === set.get(kind);
  } catch {
    strategicMerge = false;
  }
  return { kind, list, strategicMerge };
}
