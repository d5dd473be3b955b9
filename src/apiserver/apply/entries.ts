// metadata.managedFields <-> a map of managers to field sets, like upstream
// DecodeManagedFields / encodeManagedFields: one entry per manager identity
// (manager, operation, apiVersion for Update only, subresource), entries
// sorted by operation, time, manager, apiVersion, subresource.
import type { ManagedFieldsEntry } from '../types.js';
import { FieldSet } from './fieldset.js';

export interface Managed {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  subresource?: string;
  time?: string;
  set: FieldSet;
}

/** Manager identities → their managed fields. */
export type ManagedMap = Map<string, Managed>;

export class InvalidManagedFieldsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidManagedFieldsError';
  }
}

/** Upstream BuildManagerIdentifier: the entry minus fields, time (and apiVersion for appliers), as JSON. */
export function managerId(e: { manager?: string; operation?: string; apiVersion?: string; subresource?: string }): string {
  const id: Record<string, string> = {};
  if (e.manager) id['manager'] = e.manager;
  if (e.operation) id['operation'] = e.operation;
  if (e.apiVersion && e.operation !== 'Apply') id['apiVersion'] = e.apiVersion;
  if (e.subresource) id['subresource'] = e.subresource;
  return JSON.stringify(id);
}

export function decodeManagedFields(entries: readonly ManagedFieldsEntry[] | undefined): ManagedMap {
  const out: ManagedMap = new Map();
  (entries ?? []).forEach((e, i) => {
    if (e === null || typeof e !== 'object') throw new InvalidManagedFieldsError(`managed fields entry ${i} is not an object`);
    if (e.operation !== 'Apply' && e.operation !== 'Update') throw new InvalidManagedFieldsError('operation must be `Apply` or `Update`');
    if (!e.apiVersion) throw new InvalidManagedFieldsError('apiVersion must not be empty');
    if (!e.fieldsType) throw new InvalidManagedFieldsError(`missing fieldsType in managed fields entry ${i}`);
    if (e.fieldsType !== 'FieldsV1') throw new InvalidManagedFieldsError(`invalid fieldsType ${JSON.stringify(e.fieldsType)} in managed fields entry ${i}`);
    let set: FieldSet;
    try {
      set = FieldSet.fromFieldsV1Cached(e.fieldsV1 ?? {});
    } catch (err) {
      throw new InvalidManagedFieldsError(`error decoding set: ${(err as Error).message}`);
    }
    const m: Managed = { manager: e.manager ?? '', operation: e.operation, apiVersion: e.apiVersion, set };
    if (e.subresource) m.subresource = e.subresource;
    if (e.time) m.time = e.time;
    out.set(managerId(e), m);
  });
  return out;
}

function seconds(time: string | undefined): number {
  if (!time) return 0;
  const ms = Date.parse(time);
  return Number.isNaN(ms) ? 0 : Math.floor(ms / 1000);
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export function compareEntries(p: ManagedFieldsEntry, q: ManagedFieldsEntry): number {
  return (
    cmp(p.operation ?? '', q.operation ?? '') ||
    seconds(p.time) - seconds(q.time) ||
    cmp(p.manager ?? '', q.manager ?? '') ||
    cmp(p.apiVersion ?? '', q.apiVersion ?? '') ||
    cmp(p.subresource ?? '', q.subresource ?? '')
  );
}

/** Encoded entries (undefined when there are none), sorted like upstream. */
export function encodeManagedFields(managed: ManagedMap): ManagedFieldsEntry[] | undefined {
  const out: ManagedFieldsEntry[] = [];
  for (const m of managed.values()) {
    if (m.set.isEmpty()) continue;
    const e: ManagedFieldsEntry = { manager: m.manager, operation: m.operation, apiVersion: m.apiVersion };
    if (m.time) e.time = m.time;
    e.fieldsType = 'FieldsV1';
    e.fieldsV1 = m.set.toFieldsV1();
    if (m.subresource) e.subresource = m.subresource;
    out.push(e);
  }
  if (out.length === 0) return undefined;
  return out.sort(compareEntries);
}

/** RFC 3339 with seconds precision, as metav1.Time serializes. */
export function formatTime(d: Date): string {
  const second = Math.floor(d.getTime() / 1000);
  if (second !== lastSecond) {
    lastSecond = second;
    lastFormatted = d.toISOString().replace(/\.\d{3}Z$/, 'Z');
  }
  return lastFormatted;
}

let lastSecond = NaN;
let lastFormatted = '';

/** Upstream isResetManagedFields: an empty (but present) list, or a list of one empty entry. */
export function isResetManagedFields(entries: unknown): boolean {
  if (!Array.isArray(entries)) return false;
  if (entries.length === 0) return true;
  if (entries.length !== 1) return false;
  const only: unknown = entries[0];
  return only !== null && typeof only === 'object' && Object.values(only).every((v) => v === undefined || v === '' || v === null);
}

export const DEFAULT_MAX_UPDATE_MANAGERS = 10;
const ANCIENT_CHANGES = 'ancient-changes';

/**
 * Upstream capManagers: keep at most `max` Update entries by merging the
 * oldest into one `ancient-changes` entry per apiVersion.
 */
export function capUpdateManagers(managed: ManagedMap, max = DEFAULT_MAX_UPDATE_MANAGERS): void {
  const updaters = [...managed.keys()].filter((id) => managed.get(id)!.operation === 'Update');
  if (updaters.length <= max) return;
  updaters.sort((a, b) => seconds(managed.get(a)!.time) - seconds(managed.get(b)!.time) || cmp(a, b));
  const firstByVersion = new Map<string, string>();
  let length = updaters.length;
  for (let i = 0; i < updaters.length && length > max; i++) {
    const id = updaters[i]!;
    const m = managed.get(id)!;
    const bucketId = managerId({ manager: ANCIENT_CHANGES, operation: 'Update', apiVersion: m.apiVersion });
    const first = firstByVersion.get(m.apiVersion);
    if (first === undefined) {
      firstByVersion.set(m.apiVersion, id);
      continue;
    }
    if (!managed.has(bucketId)) {
      const f = managed.get(first)!;
      managed.delete(first);
      managed.set(bucketId, { manager: ANCIENT_CHANGES, operation: 'Update', apiVersion: m.apiVersion, set: f.set, ...(f.time ? { time: f.time } : {}) });
    }
    const bucket = managed.get(bucketId)!;
    bucket.set = m.set.union(bucket.set);
    if (m.time) bucket.time = m.time;
    else delete bucket.time;
    managed.delete(id);
    length--;
  }
}
