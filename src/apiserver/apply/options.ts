// Validation of the field-manager query parameters (upstream
// ValidatePatchOptions / ValidateFieldManager). The HTTP edge turns the errors
// into 422 `PatchOptions.meta.k8s.io "" is invalid: …`.
import { type FieldError, forbidden, invalid, required, root, tooLong } from '../validation/field.js';

export const FIELD_MANAGER_MAX_LENGTH = 128;

/** Go's unicode.IsPrint: no control/format/unassigned characters, no whitespace but ' '. */
export function isPrintable(ch: string): boolean {
  return !/[\p{C}]/u.test(ch) && !(/[\s\p{Z}]/u.test(ch) && ch !== ' ');
}

export function validateFieldManager(fieldManager: string | undefined): FieldError[] {
  const errs: FieldError[] = [];
  const fm = fieldManager ?? '';
  const path = root('fieldManager');
  if (Buffer.byteLength(fm) > FIELD_MANAGER_MAX_LENGTH) errs.push(tooLong(path, fm, FIELD_MANAGER_MAX_LENGTH));
  let byteIndex = 0;
  for (const ch of fm) {
    if (!isPrintable(ch)) errs.push(invalid(path.index(byteIndex), fm, 'invalid characters'));
    byteIndex += Buffer.byteLength(ch);
  }
  return errs;
}

/** PATCH options: apply needs a fieldManager; `force` is only for apply. */
export function validatePatchOptions(opts: { apply: boolean; fieldManager?: string; force?: boolean }): FieldError[] {
  const errs: FieldError[] = [];
  if (!opts.apply) {
    if (opts.force !== undefined) errs.push(forbidden(root('force'), 'may not be specified for non-apply patch'));
  } else if (!opts.fieldManager) {
    errs.push(required(root('fieldManager'), 'is required for apply patch'));
  }
  return [...errs, ...validateFieldManager(opts.fieldManager)];
}
