// Small helpers shared by the strategies of the non-core API groups: reading
// untyped JSON, upstream's ValidateNonnegativeField / ValidateImmutableField,
// semantic equality and the usual status-keeping hooks.
import type { KubeObject, Strategy } from '../../types.js';
import { type FieldError, type FieldPath, invalid } from '../../validation/field.js';

export type Obj = Record<string, unknown>;

/** The value as a plain object, or undefined. */
export function asObj(v: unknown): Obj | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : undefined;
}

/** `obj[key]` as a plain object, created (and stored) when missing. */
export function ensureObj(obj: Obj, key: string): Obj {
  const cur = asObj(obj[key]);
  if (cur) return cur;
  const fresh: Obj = {};
  obj[key] = fresh;
  return fresh;
}

export function asArray(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

export function asString(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

export function isNum(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

export const IS_NEGATIVE_ERROR_MSG = 'must be greater than or equal to 0';
export const FIELD_IMMUTABLE_ERROR_MSG = 'field is immutable';

/** ValidateNonnegativeField; non-numbers are left to schema validation. */
export function nonNegative(value: unknown, fld: FieldPath): FieldError[] {
  return isNum(value) && value < 0 ? [invalid(fld, value, IS_NEGATIVE_ERROR_MSG)] : [];
}

function isEmpty(v: unknown): boolean {
  if (v === undefined || v === null) return true;
  if (Array.isArray(v)) return v.length === 0;
  const o = asObj(v);
  return o !== undefined && Object.keys(o).length === 0;
}

/** Semantic equality: like apimachinery's, empty and missing lists/maps are equal. */
export function semanticEqual(a: unknown, b: unknown): boolean {
  if (isEmpty(a) && isEmpty(b)) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => semanticEqual(x, b[i]));
  }
  const oa = asObj(a);
  const ob = asObj(b);
  if (oa || ob) {
    if (!oa || !ob) return false;
    const keys = new Set([...Object.keys(oa), ...Object.keys(ob)]);
    for (const k of keys) if (!semanticEqual(oa[k], ob[k])) return false;
    return true;
  }
  return a === b;
}

/** ValidateImmutableField. */
export function immutable(next: unknown, old: unknown, fld: FieldPath): FieldError[] {
  return semanticEqual(next, old) ? [] : [invalid(fld, next ?? null, FIELD_IMMUTABLE_ERROR_MSG)];
}

/** The kind's spec (created when missing). */
export function specOf(obj: KubeObject): Obj {
  return ensureObj(obj as Obj, 'spec');
}

/**
 * Hooks of a kind with a status subresource: status is reset on create, kept
 * on main-resource updates, and only status changes through /status (metadata
 * on status writes is the generic store's business). Upstream's status is a Go
 * struct, so it always serializes (`status: {}` at least), and its fields
 * without `omitempty` always appear, as zero: `zeros` lists those.
 */
export function statusHooksFor(zeros: Obj): Pick<Strategy, 'prepareForCreate' | 'prepareForUpdate' | 'prepareForStatusUpdate'> {
  const withZeros = (status: unknown): Obj => ({ ...structuredClone(zeros), ...(asObj(structuredClone(status)) ?? {}) });
  return {
    prepareForCreate(obj) {
      obj.status = withZeros(undefined);
    },
    prepareForUpdate(obj, old) {
      obj.status = withZeros(old.status);
    },
    prepareForStatusUpdate(obj, old) {
      for (const key of Object.keys(obj)) {
        if (key !== 'status' && key !== 'metadata' && key !== 'apiVersion' && key !== 'kind') delete obj[key];
      }
      for (const [key, value] of Object.entries(old)) {
        if (key !== 'status' && key !== 'metadata') obj[key] = structuredClone(value);
      }
      obj.status = withZeros(obj.status);
    },
  };
}

/** statusHooksFor a status whose fields are all omitempty. */
export const statusHooks = statusHooksFor({});

