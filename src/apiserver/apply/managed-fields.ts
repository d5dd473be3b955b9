// Server-side apply and managedFields tracking: the entry points the REST
// handlers call. `applyPatch` for PATCH application/apply-patch+yaml,
// `updateManagedFields` for create/update/non-apply patch (operation Update).
// Mirrors upstream's field manager stack: version check, last-applied
// migration, skip-non-applied, cap managers, managedFields updater, strip meta.
import type { Schema } from '../schema/types.js';
import type { KubeObject, ManagedFieldsEntry } from '../types.js';
import { type Comparison, compareObjects, deepEqual, filterComparison } from './compare.js';
import { type ApplyConflict, ApplyBadRequestError, ApplyConflictError, makeConflict } from './conflicts.js';
import { createdFieldsV1 } from './created-fields.js';
import {
  type Managed,
  type ManagedMap,
  capUpdateManagers,
  decodeManagedFields,
  encodeManagedFields,
  formatTime,
  isResetManagedFields,
  managerId,
} from './entries.js';
import { fieldsOf } from './fields-of.js';
import { FieldSet } from './fieldset.js';
import { KUBECTL_MANAGER, LAST_APPLIED_ANNOTATION, allowedConflictsFromLastApplied, buildLastApplied, lastAppliedOf } from './last-applied.js';
import { removeItems, mergeApplied } from './merge.js';
import { FIELD_MANAGER_MAX_LENGTH, isPrintable } from './options.js';
import { fieldPE } from './path-element.js';
import { SchemaNav, type SchemaResolver } from './schema-nav.js';

export interface FieldManagerOptions {
  /** Field manager name (already defaulted from the User-Agent for non-apply writes). */
  manager: string;
  /** Structural schema of the kind (root object). Undefined: everything is deduced from values. */
  schema: Schema | undefined;
  resolve?: SchemaResolver;
  /** A SchemaNav over `resolve` kept across calls (its caches then last); one is made per call otherwise. */
  nav?: SchemaNav;
  /** Group/version the request was served at, e.g. `apps/v1`. */
  apiVersion: string;
  /** Kind served at that endpoint; when given, an applied config of another kind is refused. */
  kind?: string;
  now: Date;
  /** '' / undefined for the main resource, 'status', 'scale', … */
  subresource?: string;
  /**
   * Field paths (by field name) this endpoint never grants ownership of
   * (upstream ResetFields), e.g. [['status']] for the main resource of a kind
   * with a status subresource, [['spec']] for /status. See defaultResetFields.
   */
  resetFields?: string[][];
}

export interface ApplyOptions extends FieldManagerOptions {
  force: boolean;
}

/** Fields never recorded in managedFields (upstream stripMeta). */
const STRIPPED = FieldSet.of(
  [fieldPE('apiVersion')],
  [fieldPE('kind')],
  [fieldPE('metadata')],
  ...['name', 'namespace', 'creationTimestamp', 'selfLink', 'uid', 'clusterName', 'generation', 'managedFields', 'resourceVersion'].map((f) => [
    fieldPE('metadata'),
    fieldPE(f),
  ]),
);

const BEFORE_FIRST_APPLY = 'before-first-apply';

/** The usual reset fields: the main resource does not own status, /status does not own spec. */
export function defaultResetFields(subresource: string | undefined, hasStatusSubresource: boolean): string[][] {
  if (!hasStatusSubresource) return [];
  return subresource === 'status' ? [['spec']] : subresource ? [] : [['status']];
}

/** Upstream prefixFromUserAgent: the User-Agent up to the first '/', printable characters only, at most 128 bytes. */
export function defaultManagerFromUserAgent(userAgent: string | undefined): string {
  const prefix = (userAgent ?? '').split('/')[0]!;
  let out = '';
  let bytes = 0;
  for (const ch of prefix) {
    if (!isPrintable(ch)) continue;
    const len = Buffer.byteLength(ch);
    if (bytes + len > FIELD_MANAGER_MAX_LENGTH) break;
    out += ch;
    bytes += len;
  }
  return out;
}

const ignoredCache = new Map<string, FieldSet>();

function ignoredSet(opts: FieldManagerOptions): FieldSet {
  const reset = opts.resetFields ?? [];
  const key = JSON.stringify(reset);
  let set = ignoredCache.get(key);
  if (!set) {
    set = FieldSet.of(...reset.map((p) => p.map(fieldPE)));
    ignoredCache.set(key, set);
  }
  return set;
}

/** A shallow view of `obj` without metadata.managedFields (no deep copy: comparisons only read). */
function withoutManagedFields(obj: KubeObject | undefined): KubeObject | undefined {
  if (!obj) return undefined;
  if (!obj.metadata?.managedFields) return obj;
  const { managedFields: _mf, ...meta } = obj.metadata;
  return { ...obj, metadata: meta };
}

/** Stand-in for upstream's zero-valued typed object on create: top-level structs exist, empty. */
function emptyObjectFor(schema: Schema | undefined, resolve: SchemaResolver | undefined): KubeObject {
  const out: KubeObject = {};
  const props = schema?.properties ?? {};
  for (const [k, s] of Object.entries(props)) {
    const target = s.$ref && resolve ? resolve(s.$ref) : s.allOf?.[0]?.$ref && resolve ? resolve(s.allOf[0].$ref) : s;
    if (target?.properties && target['x-kubernetes-map-type'] !== 'atomic') out[k] = {};
  }
  return out;
}

function entryFor(opts: FieldManagerOptions, manager: string, operation: Managed['operation']): Omit<Managed, 'set'> {
  const e: Omit<Managed, 'set'> = { manager, operation, apiVersion: opts.apiVersion };
  if (opts.subresource) e.subresource = opts.subresource;
  return e;
}

function dropEmpty(managed: ManagedMap): void {
  for (const [id, m] of managed) if (m.set.isEmpty()) managed.delete(id);
}

function compareFiltered(lhs: unknown, rhs: unknown, opts: FieldManagerOptions): Comparison {
  return filterComparison(compareObjects(lhs, rhs, opts.schema, opts.resolve, opts.nav), ignoredSet(opts));
}

const zeroStructsCache = new WeakMap<Schema, ReadonlySet<string>>();

/** The top-level fields that are empty structs in emptyObjectFor(schema). */
function zeroStructs(opts: FieldManagerOptions): ReadonlySet<string> {
  const schema = opts.schema;
  if (!schema) return new Set();
  let zero = zeroStructsCache.get(schema);
  if (!zero) {
    zero = new Set(Object.keys(emptyObjectFor(schema, opts.resolve)));
    zeroStructsCache.set(schema, zero);
  }
  return zero;
}

/**
 * trackUpdate + encodeManagedFields for a create by one manager with nothing
 * managed before, in one walk (created-fields.ts): the entries to store.
 */
function createdEntries(obj: KubeObject, opts: FieldManagerOptions): ManagedFieldsEntry[] | undefined {
  const nav = opts.nav ?? new SchemaNav(opts.resolve);
  const fieldsV1 = createdFieldsV1(nav, obj, opts.schema, zeroStructs(opts), ignoredSet(opts), STRIPPED);
  if (!fieldsV1) return undefined;
  const e: ManagedFieldsEntry = { manager: opts.manager, operation: 'Update', apiVersion: opts.apiVersion, time: formatTime(opts.now), fieldsType: 'FieldsV1', fieldsV1 };
  if (opts.subresource) e.subresource = opts.subresource;
  return [e];
}

/** Upstream Updater.Update with the managedFields updater and strip-meta around it. */
function trackUpdate(managed: ManagedMap, lhs: unknown, rhs: unknown, manager: string, opts: FieldManagerOptions): void {
  const c = compareFiltered(lhs, rhs, opts);
  const changed = c.modified.union(c.added);
  for (const m of managed.values()) m.set = m.set.difference(changed).difference(c.removed);
  const own = changed.recursiveDifference(ignoredSet(opts)).difference(STRIPPED);
  const entry = entryFor(opts, manager, 'Update');
  const id = managerId(entry);
  if (!own.isEmpty()) {
    const previous = managed.get(id);
    managed.set(id, { ...entry, set: previous ? own.union(previous.set) : own, time: formatTime(opts.now) });
  }
  dropEmpty(managed);
}

function setManagedFields(obj: KubeObject, managed: ManagedMap): KubeObject {
  const encoded = encodeManagedFields(managed);
  obj.metadata ??= {};
  if (encoded) obj.metadata.managedFields = encoded;
  else delete obj.metadata.managedFields;
  return obj;
}

function decodeOrEmpty(entries: unknown): ManagedMap {
  try {
    return decodeManagedFields(Array.isArray(entries) ? entries : undefined);
  } catch {
    return new Map();
  }
}

/**
 * managedFields for a create/update/non-apply patch: fields whose value
 * changed between `old` (undefined on create) and `updated` become owned by
 * `opts.manager` (operation Update) and are taken from everyone else.
 * managedFields in `updated` are honoured (so clients can edit or reset them
 * with `[]` or `[{}]`) unless invalid or empty, when the old ones are kept.
 */
export function updateManagedFields(old: KubeObject | undefined, updated: KubeObject, opts: FieldManagerOptions): KubeObject {
  return trackManagedFieldsInPlace(old, structuredClone(updated), opts);
}

/** updateManagedFields without the copy: sets `updated.metadata.managedFields` in place and returns `updated`. */
export function trackManagedFieldsInPlace(old: KubeObject | undefined, updated: KubeObject, opts: FieldManagerOptions): KubeObject {
  const result = updated;
  const requested = updated.metadata?.managedFields;
  let managed: ManagedMap;
  if (opts.subresource) managed = decodeOrEmpty(old?.metadata?.managedFields);
  else if (isResetManagedFields(requested)) managed = new Map();
  else {
    let fromRequest: ManagedMap | undefined;
    try {
      fromRequest = decodeManagedFields(requested);
    } catch {
      fromRequest = undefined;
    }
    managed = fromRequest && fromRequest.size > 0 ? fromRequest : decodeOrEmpty(old?.metadata?.managedFields);
  }
  const creating = !old || !old.metadata?.uid;
  if (managed.size === 0 && !creating) {
    // Upstream skipNonApplied: objects that are not tracked stay untracked until the first apply.
    if (result.metadata) delete result.metadata.managedFields;
    return result;
  }
  if (!old && managed.size === 0) {
    let entries: ManagedFieldsEntry[] | undefined;
    try {
      entries = createdEntries(withoutManagedFields(updated)!, opts);
    } catch {
      entries = undefined; // like upstream UpdateNoErrors on create: nothing recorded
    }
    result.metadata ??= {};
    if (entries) result.metadata.managedFields = entries;
    else delete result.metadata.managedFields;
    return result;
  }
  const lhs = withoutManagedFields(old) ?? emptyObjectFor(opts.schema, opts.resolve);
  const rhs = withoutManagedFields(updated)!;
  try {
    trackUpdate(managed, lhs, rhs, opts.manager, opts);
  } catch {
    // Like upstream UpdateNoErrors: keep what the live object had.
    return setManagedFields(result, decodeOrEmpty(old?.metadata?.managedFields));
  }
  capUpdateManagers(managed);
  return setManagedFields(result, managed);
}

function conflictsOf(managed: ManagedMap, selfId: string, changed: FieldSet): ApplyConflict[] {
  const out: ApplyConflict[] = [];
  for (const id of [...managed.keys()].sort()) {
    if (id === selfId) continue;
    const m = managed.get(id)!;
    for (const path of m.set.intersection(changed).paths()) out.push(makeConflict(id, m, path));
  }
  return out;
}

interface ApplyOutcome {
  object: KubeObject;
  managed: ManagedMap;
  changed: boolean;
}

/** Upstream Updater.Apply: merge, prune what this applier dropped, detect conflicts. */
function applyCore(managed: ManagedMap, live: KubeObject, applied: KubeObject, opts: ApplyOptions, force: boolean): ApplyOutcome {
  const ignored = ignoredSet(opts);
  const entry = entryFor(opts, opts.manager, 'Apply');
  const id = managerId(entry);
  const previous = managed.get(id);
  let merged = mergeApplied(live, applied, opts.schema, opts.resolve) as KubeObject;
  const set = fieldsOf(applied, opts.schema, opts.resolve).recursiveDifference(ignored);
  managed.set(id, { ...entry, set, ...(previous?.time ? { time: previous.time } : {}) });
  const lastSet = previous?.set.recursiveDifference(ignored);
  if (lastSet && !lastSet.isEmpty()) {
    let owned = new FieldSet();
    for (const m of managed.values()) owned = owned.union(m.set);
    const toRemove = lastSet.difference(owned);
    if (!toRemove.isEmpty()) merged = (removeItems(merged, toRemove, opts.schema, opts.resolve) ?? {}) as KubeObject;
  }
  const c = compareFiltered(live, merged, opts);
  const changedFields = c.modified.union(c.added);
  const conflicts = conflictsOf(managed, id, changedFields);
  if (conflicts.length > 0 && !force) throw new ApplyConflictError(conflicts);
  for (const [otherId, m] of managed) {
    if (otherId !== id) m.set = m.set.difference(changedFields).difference(c.removed);
  }
  const mine = managed.get(id)!;
  mine.set = mine.set.difference(STRIPPED);
  dropEmpty(managed);
  const changed = !deepEqual(live, merged);
  const own = managed.get(id);
  if (own && (changed || !own.time)) own.time = formatTime(opts.now);
  return { object: merged, managed, changed };
}

function cloneManaged(m: ManagedMap): ManagedMap {
  return new Map([...m].map(([id, e]) => [id, { ...e, set: e.set.clone() }]));
}

/**
 * Server-side apply of `applied` onto `live` (undefined: the object does not
 * exist yet and the result is to be created). Returns the merged object with
 * metadata.managedFields updated, or throws ApplyConflictError (409) /
 * ApplyBadRequestError (400).
 */
export function applyPatch(live: KubeObject | undefined, applied: KubeObject, opts: ApplyOptions): KubeObject {
  if (applied.metadata?.managedFields !== undefined) throw new ApplyBadRequestError('metadata.managedFields must be nil');
  if (applied.apiVersion !== opts.apiVersion || (opts.kind !== undefined && applied.kind !== opts.kind)) {
    const spec = opts.kind !== undefined ? `${applied.apiVersion ?? ''}, Kind=${applied.kind ?? ''}` : `${applied.apiVersion ?? ''}`;
    const want = opts.kind !== undefined ? `${opts.apiVersion}, Kind=${opts.kind}` : opts.apiVersion;
    throw new ApplyBadRequestError(`Incorrect version specified in apply patch. Specified patch version: ${spec}, expected: ${want}`);
  }
  const managed = decodeOrEmpty(live?.metadata?.managedFields);
  const base: KubeObject = withoutManagedFields(live) ?? {};
  if (managed.size === 0 && live) {
    // Upstream skipNonApplied: fields that exist before the first apply belong to "before-first-apply".
    trackUpdate(managed, emptyObjectFor(opts.schema, opts.resolve), base, BEFORE_FIRST_APPLY, opts);
  }
  let outcome: ApplyOutcome;
  try {
    outcome = applyCore(cloneManaged(managed), base, applied, opts, opts.force);
  } catch (err) {
    if (!(err instanceof ApplyConflictError) || opts.manager !== KUBECTL_MANAGER || !live) throw err;
    const allowed = allowedConflictsFromLastApplied(base, opts.apiVersion, opts.schema, opts.resolve);
    if (!allowed) throw err;
    const remaining = err.conflicts.filter((c) => !allowed.has(c.path));
    if (remaining.length > 0) throw new ApplyConflictError(remaining);
    outcome = applyCore(cloneManaged(managed), base, applied, opts, true);
  }
  const object = outcome.object;
  if (opts.manager === KUBECTL_MANAGER && lastAppliedOf(object)) {
    object.metadata!.annotations![LAST_APPLIED_ANNOTATION] = buildLastApplied(applied);
  }
  return setManagedFields(object, outcome.managed);
}

/**
 * The managedFields a create records, by the general path (trackUpdate
 * against the zero-valued object); the create fast path must match it
 * (created-fields.test.ts).
 */
export function createdEntriesGeneral(obj: KubeObject, opts: FieldManagerOptions): ManagedFieldsEntry[] | undefined {
  const managed: ManagedMap = new Map();
  try {
    trackUpdate(managed, emptyObjectFor(opts.schema, opts.resolve), withoutManagedFields(obj), opts.manager, opts);
  } catch {
    return undefined;
  }
  return encodeManagedFields(managed);
}
