// Fallback validation for kinds whose strategy has no validate hook: object
// metadata with a DNS-1123 subdomain name, as upstream's default.
import type { KubeObject, ResourceDef } from '../types.js';
import type { FieldError } from '../validation/field.js';
import { validateObjectMeta } from '../validation/meta.js';
import { nameIsDNSSubdomain } from '../validation/names.js';

export function validateGenericMeta(def: ResourceDef, obj: KubeObject): FieldError[] {
  return validateObjectMeta(obj.metadata, def.namespaced, nameIsDNSSubdomain);
}
