// Server-side apply and managedFields: the public surface of src/apiserver/apply.
export { applyPatch, updateManagedFields, trackManagedFieldsInPlace, defaultManagerFromUserAgent, defaultResetFields } from './managed-fields.js';
export type { ApplyOptions, FieldManagerOptions } from './managed-fields.js';
export { ApplyConflictError, ApplyBadRequestError, conflictCauses, conflictMessage, describeManager } from './conflicts.js';
export type { ApplyConflict } from './conflicts.js';
export { FieldSet, InvalidFieldsV1Error } from './fieldset.js';
export { fieldsOf } from './fields-of.js';
export { mergeApplied, removeItems } from './merge.js';
export { compareObjects } from './compare.js';
export { decodeManagedFields, encodeManagedFields, InvalidManagedFieldsError, isResetManagedFields } from './entries.js';
export { AssociativeListError } from './schema-nav.js';
export type { SchemaResolver } from './schema-nav.js';
export { LAST_APPLIED_ANNOTATION } from './last-applied.js';
export { validatePatchOptions, validateFieldManager } from './options.js';
