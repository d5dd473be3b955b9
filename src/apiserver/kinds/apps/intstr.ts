// IntOrString fields that hold a count or a percentage (maxSurge,
// maxUnavailable, minAvailable), validated as apps' ValidatePositiveIntOrPercent.
import { type FieldError, type FieldPath, invalid } from '../../validation/field.js';
import { isValidPercent } from '../../validation/names.js';
import { IS_NEGATIVE_ERROR_MSG } from './helpers.js';

export function validatePositiveIntOrPercent(v: unknown, fld: FieldPath): FieldError[] {
  if (typeof v === 'string') return isValidPercent(v).map((m) => invalid(fld, v, m));
  if (typeof v === 'number') return v < 0 ? [invalid(fld, v, IS_NEGATIVE_ERROR_MSG)] : [];
  return [invalid(fld, v ?? null, "must be an integer or percentage (e.g '5%')")];
}

/** The percentage of a valid percent string, else undefined. */
export function percentValue(v: unknown): number | undefined {
  if (typeof v !== 'string' || isValidPercent(v).length) return undefined;
  return Number(v.slice(0, -1));
}

/** getIntOrPercentValue: the number, or the percentage, or 0 for anything else. */
export function intOrPercentValue(v: unknown): number {
  const p = percentValue(v);
  if (p !== undefined) return p;
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && /^-?\d+$/.test(v)) return Number(v);
  return 0;
}

export function notMoreThan100Percent(v: unknown, fld: FieldPath): FieldError[] {
  const p = percentValue(v);
  return p !== undefined && p > 100 ? [invalid(fld, v, 'must not be greater than 100%')] : [];
}
