// Generic metadata handling shared by every kind: names, uids, timestamps,
// generation, and what an update may not change.
import { randomBytes, randomUUID } from 'node:crypto';
import type { KubeObject, ObjectMeta, ResourceDef } from '../types.js';
import { badRequest, conflict } from '../errors.js';

const GENERATE_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** `generateName` + 5 random characters, as upstream's SimpleNameGenerator. */
export function generateName(base: string): string {
  const max = 63 - 5;
  const prefix = base.length > max ? base.slice(0, max) : base;
  const bytes = randomBytes(5);
  let suffix = '';
  for (const b of bytes) suffix += GENERATE_ALPHABET[b % GENERATE_ALPHABET.length];
  return prefix + suffix;
}

/** RFC 3339 at second precision, as metav1.Time serializes. */
export function timestamp(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** metav1.MicroTime: RFC 3339 with microseconds (Leases). */
export function microTimestamp(d: Date): string {
  return d.toISOString().replace(/Z$/, '000Z');
}

export function gr(def: ResourceDef): { group: string; resource: string } {
  return { group: def.group, resource: def.plural };
}

/** Fills server-owned metadata of an object about to be created. */
export function prepareCreateMeta(def: ResourceDef, obj: KubeObject, namespace: string, now: Date): ObjectMeta {
  const meta = (obj.metadata ??= {});
  if (meta.resourceVersion) throw badRequest('resourceVersion should not be set on objects to be created');
  if (!meta.name && meta.generateName) meta.name = generateName(meta.generateName);
  if (def.namespaced) {
    if (meta.namespace && meta.namespace !== namespace)
      throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
    meta.namespace = namespace;
  } else {
    delete meta.namespace;
  }
  meta.uid = randomUUID();
  meta.creationTimestamp = timestamp(now);
  delete meta.deletionTimestamp;
  delete meta.deletionGracePeriodSeconds;
  delete meta.selfLink;
  // A first guess (kinds with spec/status, and custom resources); strategies add or drop it per kind.
  if (def.crd || def.subresources?.status || meta.generation !== undefined) meta.generation = 1;
  obj.apiVersion = def.group ? `${def.group}/${def.version}` : def.version;
  obj.kind = def.kind;
  return meta;
}

/**
 * Carries server-owned metadata from the stored object into an update and
 * rejects changes to identity fields.
 */
export function prepareUpdateMeta(def: ResourceDef, obj: KubeObject, old: KubeObject, name: string): void {
  const meta = (obj.metadata ??= {});
  const oldMeta = old.metadata ?? {};
  if (meta.name && meta.name !== name) throw badRequest(`the name of the object (${meta.name}) does not match the name on the URL (${name})`);
  if (def.namespaced && meta.namespace && meta.namespace !== oldMeta.namespace)
    throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
  if (meta.uid && meta.uid !== oldMeta.uid)
    throw conflict(gr(def), name, `Precondition failed: UID in precondition: ${meta.uid}, UID in object meta: ${oldMeta.uid}`);
  meta.name = oldMeta.name;
  if (def.namespaced) meta.namespace = oldMeta.namespace;
  meta.uid = oldMeta.uid;
  meta.creationTimestamp = oldMeta.creationTimestamp;
  if (oldMeta.deletionTimestamp) {
    meta.deletionTimestamp = oldMeta.deletionTimestamp;
    meta.deletionGracePeriodSeconds = oldMeta.deletionGracePeriodSeconds;
  } else {
    delete meta.deletionTimestamp;
    delete meta.deletionGracePeriodSeconds;
  }
  if (oldMeta.generation !== undefined) meta.generation = oldMeta.generation;
  else delete meta.generation;
  delete meta.selfLink;
  obj.apiVersion = def.group ? `${def.group}/${def.version}` : def.version;
  obj.kind = def.kind;
}

/** Deep equality of JSON values. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((x, i) => jsonEqual(x, bb[i]));
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const ak = Object.keys(ao).filter((k) => ao[k] !== undefined);
  const bk = Object.keys(bo).filter((k) => bo[k] !== undefined);
  if (ak.length !== bk.length) return false;
  return ak.every((k) => jsonEqual(ao[k], bo[k]));
}

/** Everything but metadata and status: a change here bumps metadata.generation. */
export function specOf(obj: KubeObject): Record<string, unknown> {
  const { metadata: _m, status: _s, apiVersion: _a, kind: _k, ...rest } = obj;
  return rest;
}

/** Whether two versions are the same apart from resourceVersion and managedFields timestamps. */
export function sameObject(a: KubeObject, b: KubeObject): boolean {
  const strip = (o: KubeObject): KubeObject => {
    const meta = { ...(o.metadata ?? {}) };
    delete meta.resourceVersion;
    if (meta.managedFields) meta.managedFields = meta.managedFields.map(({ time: _t, ...rest }) => rest);
    return { ...o, metadata: meta };
  };
  return jsonEqual(strip(a), strip(b));
}
