// ConfigMap strategy (core validation's ValidateConfigMap / ValidateConfigMapUpdate).
import type { KubeObject, Strategy } from '../../types.js';
import { type FieldError, forbidden, invalid, root, tooLong } from '../../validation/field.js';
import { validateObjectMeta, validateObjectMetaUpdate } from '../../validation/meta.js';
import { isConfigMapKey, nameIsDNSSubdomain } from '../../validation/names.js';
import { deepEqual, strMap } from './util.js';

/** 1 MiB: the most a ConfigMap or Secret may hold. */
export const MAX_DATA_SIZE = 1024 * 1024;

export const IMMUTABLE_MSG = 'field is immutable when `immutable` is set';

/** Bytes of a base64 value once decoded. */
export function decodedLength(b64: string): number {
  return Buffer.from(b64, 'base64').length;
}

function validateConfigMap(o: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  let size = 0;
  const data = strMap(o, 'data');
  const binary = strMap(o, 'binaryData');
  for (const [k, v] of Object.entries(data)) {
    for (const m of isConfigMapKey(k)) errs.push(invalid(root('data').key(k), k, m));
    if (k in binary) errs.push(invalid(root('data').key(k), k, 'duplicate of key present in binaryData'));
    size += Buffer.byteLength(String(v));
  }
  for (const [k, v] of Object.entries(binary)) {
    for (const m of isConfigMapKey(k)) errs.push(invalid(root('binaryData').key(k), k, m));
    size += decodedLength(String(v));
  }
  if (size > MAX_DATA_SIZE) errs.push(tooLong(root(''), '', MAX_DATA_SIZE));
  return errs;
}

/** Shared by ConfigMap and Secret: immutable objects keep their data and stay immutable. */
export function validateImmutableData(o: KubeObject, old: KubeObject, fields: string[]): FieldError[] {
  if (old.immutable !== true) return [];
  const errs: FieldError[] = [];
  if (o.immutable !== true) errs.push(forbidden(root('immutable'), IMMUTABLE_MSG));
  for (const f of fields) if (!deepEqual(o[f] ?? {}, old[f] ?? {})) errs.push(forbidden(root(f), IMMUTABLE_MSG));
  return errs;
}

export const configMapStrategy: Strategy = {
  validate(obj) {
    return [...validateObjectMeta(obj.metadata, true, nameIsDNSSubdomain), ...validateConfigMap(obj)];
  },
  validateUpdate(obj, old) {
    return [
      ...validateObjectMetaUpdate(obj.metadata, old.metadata),
      ...validateImmutableData(obj, old, ['data', 'binaryData']),
      ...validateConfigMap(obj),
    ];
  },
};
