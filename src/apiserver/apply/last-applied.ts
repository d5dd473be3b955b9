// Client-side → server-side apply migration (upstream lastAppliedManager and
// lastAppliedUpdater). For the `kubectl` manager only: conflicts on fields the
// `kubectl.kubernetes.io/last-applied-configuration` annotation still
// describes (same value live) are forgiven, and the annotation is kept in sync
// with each server-side apply so a later client-side apply still works.
import type { Schema } from '../schema/types.js';
import type { KubeObject } from '../types.js';
import { compareObjects } from './compare.js';
import { fieldsOf } from './fields-of.js';
import type { FieldSet } from './fieldset.js';
import { goJSON } from './path-element.js';
import type { SchemaResolver } from './schema-nav.js';

export const LAST_APPLIED_ANNOTATION = 'kubectl.kubernetes.io/last-applied-configuration';
/** The only manager for which the migration logic runs; others opt out by choosing another name. */
export const KUBECTL_MANAGER = 'kubectl';

export function lastAppliedOf(obj: KubeObject | undefined): string | undefined {
  const v = obj?.metadata?.annotations?.[LAST_APPLIED_ANNOTATION];
  return v ? v : undefined;
}

/**
 * Fields the client-side apply annotation still owns: those it specifies
 * with the value the live object has. Undefined when there is no usable
 * annotation (missing, not JSON, other apiVersion).
 */
export function allowedConflictsFromLastApplied(
  live: KubeObject,
  apiVersion: string,
  schema: Schema | undefined,
  resolve?: SchemaResolver,
): FieldSet | undefined {
  const raw = lastAppliedOf(live);
  if (!raw) return undefined;
  let last: unknown;
  try {
    last = JSON.parse(raw);
  } catch {
    return undefined;
  }
  if (last === null || typeof last !== 'object' || (last as KubeObject).apiVersion !== apiVersion) return undefined;
  try {
    const set = fieldsOf(last, schema, resolve);
    const c = compareObjects(last, live, schema, resolve);
    return set.difference(c.modified).difference(c.added).difference(c.removed);
  } catch {
    return undefined;
  }
}

/** The annotation value kubectl would write for `applied`: sorted-key JSON without the annotation itself, newline-terminated. */
export function buildLastApplied(applied: KubeObject): string {
  const copy = structuredClone(applied);
  const ann = copy.metadata?.annotations;
  if (ann) delete ann[LAST_APPLIED_ANNOTATION];
  return `${goJSON(copy)}\n`;
}
