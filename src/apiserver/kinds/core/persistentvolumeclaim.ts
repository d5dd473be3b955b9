// PersistentVolumeClaim strategy (pkg/registry/core/persistentvolumeclaim).
import type { KubeObject, Strategy } from '../../types.js';
import { type FieldError, forbidden, invalid, notSupported, required, root } from '../../validation/field.js';
import { validateObjectMeta, validateObjectMetaUpdate } from '../../validation/meta.js';
import { nameIsDNSSubdomain } from '../../validation/names.js';
import { tryParseQuantity } from '../../validation/quantity.js';
import { VOLUME_MODES, validateAccessModes, validateOptionalSubdomain } from './persistentvolume.js';
import { validateResourceQuantityValue } from './resources.js';
import { type Obj, clone, deepEqual, isObj, peek, setDefaultStr, spec, str, dropGeneration } from './util.js';

/** ValidatePersistentVolumeClaimSpec; fld is `spec` (or a template's spec). */
export function validatePVCSpec(s: Obj, fld = root('spec')): FieldError[] {
  const errs: FieldError[] = [];
  errs.push(...validateAccessModes(s.accessModes, fld.child('accessModes'), 'at least 1 access mode is required'));
  const requests = peek(peek(s, 'resources'), 'requests') ?? {};
  const storagePath = fld.child('resources').key('storage');
  if (!('storage' in requests)) {
    errs.push(required(storagePath));
  } else {
    const qErrs = validateResourceQuantityValue('storage', requests.storage, storagePath);
    errs.push(...qErrs);
    if (!qErrs.length && (tryParseQuantity(requests.storage) ?? 0) <= 0) {
      errs.push(invalid(storagePath, String(requests.storage), 'must be greater than zero'));
    }
  }
  errs.push(...validateOptionalSubdomain(s.storageClassName, fld.child('storageClassName')));
  if (s.volumeMode !== undefined && !VOLUME_MODES.includes(str(s.volumeMode))) {
    errs.push(notSupported(fld.child('volumeMode'), s.volumeMode, VOLUME_MODES));
  }
  return errs;
}

const storageOf = (s: Obj): unknown => peek(peek(s, 'resources'), 'requests')?.storage;

function validatePVCUpdate(o: KubeObject, old: KubeObject): FieldError[] {
  const s = peek(o, 'spec') ?? {};
  const os = peek(old, 'spec') ?? {};
  const bound = str(peek(o, 'status')?.phase) === 'Bound';
  const a = clone(s);
  const b = clone(os);
  // The binder fills volumeName once.
  if (!str(os.volumeName)) b.volumeName = a.volumeName;
  if (bound) {
    const req = peek(peek(a, 'resources'), 'requests');
    if (req) req.storage = storageOf(os);
    a.volumeAttributesClassName = b.volumeAttributesClassName;
  }
  for (const x of [a, b]) for (const k of Object.keys(x)) if (x[k] === undefined) delete x[k];
  const errs: FieldError[] = [];
  if (!deepEqual(a, b)) {
    errs.push(forbidden(root('spec'), 'spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims'));
  }
  const n = tryParseQuantity(storageOf(s));
  const on = tryParseQuantity(storageOf(os));
  if (bound && n !== undefined && on !== undefined && n < on) {
    errs.push(forbidden(root('spec').child('resources', 'requests', 'storage'), 'field can not be less than previous value'));
  }
  return errs;
}

export const persistentVolumeClaimStrategy: Strategy = {
  defaults(obj) {
    setDefaultStr(spec(obj), 'volumeMode', 'Filesystem');
    const st = peek(obj, 'status');
    if (st) setDefaultStr(st, 'phase', 'Pending');
  },
  prepareForCreate(obj) {
    dropGeneration(obj);
    obj.status = { phase: 'Pending' };
  },
  validate(obj) {
    return [...validateObjectMeta(obj.metadata, true, nameIsDNSSubdomain), ...validatePVCSpec(spec(obj))];
  },
  prepareForUpdate(obj, old) {
    obj.status = clone(old.status);
  },
  validateUpdate(obj, old) {
    return [...validateObjectMetaUpdate(obj.metadata, old.metadata), ...validatePVCSpec(spec(obj)), ...validatePVCUpdate(obj, old)];
  },
  prepareForStatusUpdate(obj, old) {
    obj.spec = clone(old.spec);
  },
  validateStatusUpdate(obj, old) {
    const errs = validateObjectMetaUpdate(obj.metadata, old.metadata);
    const cap = peek(peek(obj, 'status'), 'capacity');
    if (isObj(cap)) {
      for (const [k, v] of Object.entries(cap)) errs.push(...validateResourceQuantityValue(k, v, root('status').child('capacity').key(k)));
    }
    return errs;
  },
};
