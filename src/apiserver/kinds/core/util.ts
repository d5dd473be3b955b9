// Small helpers shared by the core/v1 strategies: safe access to loosely typed
// JSON, and the generic field checks upstream repeats everywhere.
import { isDeepStrictEqual } from 'node:util';
import type { KubeObject } from '../../types.js';
import { type FieldError, type FieldPath, invalid } from '../../validation/field.js';

export type Obj = Record<string, unknown>;

export function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The object at obj[key], created (as {}) when missing or not an object. */
export function child(obj: Obj, key: string): Obj {
  const v = obj[key];
  if (isObj(v)) return v;
  const fresh: Obj = {};
  obj[key] = fresh;
  return fresh;
}

/** obj[key] when it is an object, else undefined (never creates). */
export function peek(obj: unknown, key: string): Obj | undefined {
  if (!isObj(obj)) return undefined;
  const v = obj[key];
  return isObj(v) ? v : undefined;
}

/** obj[key] as a list of objects ([] when absent). */
export function list(obj: unknown, key: string): Obj[] {
  if (!isObj(obj)) return [];
  const v = obj[key];
  return Array.isArray(v) ? (v.filter(isObj) as Obj[]) : [];
}

/** obj[key] as a string map ({} when absent). */
export function strMap(obj: unknown, key: string): Record<string, unknown> {
  const v = isObj(obj) ? obj[key] : undefined;
  return isObj(v) ? v : {};
}

export function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

export function num(v: unknown): number | undefined {
  return typeof v === 'number' ? v : undefined;
}

export const IS_NEGATIVE_MSG = 'must be greater than or equal to 0';

export function validateNonnegative(value: unknown, fld: FieldPath): FieldError[] {
  return typeof value === 'number' && value < 0 ? [invalid(fld, value, IS_NEGATIVE_MSG)] : [];
}

export function validatePositive(value: unknown, fld: FieldPath): FieldError[] {
  return typeof value === 'number' && value <= 0 ? [invalid(fld, value, 'must be greater than zero')] : [];
}

export function deepEqual(a: unknown, b: unknown): boolean {
  return isDeepStrictEqual(normalize(a), normalize(b));
}

/** Treat undefined-valued keys as absent when comparing JSON. */
function normalize(v: unknown): unknown {
  return v === undefined ? undefined : JSON.parse(JSON.stringify(v));
}

/** Upstream ValidateImmutableField. */
export function validateImmutable(newVal: unknown, oldVal: unknown, fld: FieldPath): FieldError[] {
  return deepEqual(newVal, oldVal) ? [] : [invalid(fld, newVal ?? null, 'field is immutable')];
}

export function spec(o: KubeObject): Obj {
  return child(o as Obj, 'spec');
}

export function status(o: KubeObject): Obj {
  return child(o as Obj, 'status');
}

export function clone<T>(v: T): T {
  return v === undefined ? v : (structuredClone(v) as T);
}

/** Set obj[key] = value when obj[key] is undefined or null. */
export function setDefault(obj: Obj, key: string, value: unknown): void {
  if (obj[key] === undefined || obj[key] === null) obj[key] = value;
}

/** Set obj[key] = value when obj[key] is missing or the empty string (Go zero values). */
export function setDefaultStr(obj: Obj, key: string, value: string): void {
  if (obj[key] === undefined || obj[key] === null || obj[key] === '') obj[key] = value;
}

/**
 * For kinds whose upstream strategy starts metadata.generation at 1 on create
 * (the store then bumps it on spec changes).
 */
export function startGeneration(obj: KubeObject): void {
  (obj.metadata ??= {}).generation = 1;
}

/**
 * For kinds that have a status subresource but no generation upstream
 * (namespaces, pods, services, nodes, volumes, claims, quotas in 1.32).
 */
export function dropGeneration(obj: KubeObject): void {
  if (obj.metadata) delete obj.metadata.generation;
}
