// storage.k8s.io/v1 StorageClass: provisioner and parameters are fixed at
// creation; reclaimPolicy defaults to Delete and volumeBindingMode to Immediate.
import type { KubeObject, Strategy } from '../../types.js';
import { type FieldError, type FieldPath, forbidden, invalid, notSupported, required, root, tooLong } from '../../validation/field.js';
import { validateObjectMeta, validateObjectMetaUpdate, validateLabelName } from '../../validation/meta.js';
import { isQualifiedName, nameIsDNSSubdomain } from '../../validation/names.js';
import { asArray, asObj, asString, immutable, type Obj, semanticEqual } from '../apps/helpers.js';

const MAX_PARAMETERS_SIZE = 256 * 1024;
const MAX_PARAMETERS = 512;
const RECLAIM_POLICIES = ['Delete', 'Retain'];
const BINDING_MODES = ['Immediate', 'WaitForFirstConsumer'];

function validateProvisioner(p: string, fld: FieldPath): FieldError[] {
  if (p.length === 0) return [required(fld, p)];
  return isQualifiedName(p.toLowerCase()).map((m) => invalid(fld, p, m));
}

function validateParameters(params: Obj | undefined, fld: FieldPath): FieldError[] {
  const entries = Object.entries(params ?? {});
  if (entries.length > MAX_PARAMETERS) return [tooLong(fld, 'Provisioner Parameters exceeded max allowed', MAX_PARAMETERS)];
  const errs: FieldError[] = [];
  let size = 0;
  for (const [k, v] of entries) {
    if (k.length < 1) errs.push(invalid(fld, k, 'field can not be empty.'));
    size += Buffer.byteLength(k) + Buffer.byteLength(asString(v));
  }
  if (size > MAX_PARAMETERS_SIZE) errs.push(tooLong(fld, '', MAX_PARAMETERS_SIZE));
  return errs;
}

function validateAllowedTopologies(terms: unknown[], fld: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  terms.forEach((t, i) => {
    const exprs = asArray(asObj(t)?.matchLabelExpressions);
    const tf = fld.index(i).child('matchLabelExpressions');
    if (exprs.length === 0) errs.push(required(tf, 'must have at least one label selector requirement'));
    const seen = new Set<string>();
    exprs.forEach((e, j) => {
      const r = asObj(e) ?? {};
      const key = asString(r.key);
      errs.push(...validateLabelName(key, tf.index(j).child('key')));
      if (asArray(r.values).length === 0) errs.push(required(tf.index(j).child('values'), ''));
      if (seen.has(key)) errs.push({ type: 'FieldValueDuplicate', field: String(tf.index(j).child('key')), badValue: key });
      seen.add(key);
    });
  });
  return errs;
}

function validateClass(obj: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  const o = obj as Obj;
  errs.push(...validateProvisioner(asString(o.provisioner), root('provisioner')));
  errs.push(...validateParameters(asObj(o.parameters), root('parameters')));
  if (typeof o.reclaimPolicy === 'string' && o.reclaimPolicy !== '' && !RECLAIM_POLICIES.includes(o.reclaimPolicy)) {
    errs.push(notSupported(root('reclaimPolicy'), o.reclaimPolicy, RECLAIM_POLICIES));
  }
  if (o.volumeBindingMode === undefined || o.volumeBindingMode === null) errs.push(required(root('volumeBindingMode'), ''));
  else if (!BINDING_MODES.includes(asString(o.volumeBindingMode))) errs.push(notSupported(root('volumeBindingMode'), o.volumeBindingMode, BINDING_MODES));
  errs.push(...validateAllowedTopologies(asArray(o.allowedTopologies), root('allowedTopologies')));
  return errs;
}

export const storageClassStrategy: Strategy = {
  defaults(obj) {
    if (obj.reclaimPolicy === undefined || obj.reclaimPolicy === null) obj.reclaimPolicy = 'Delete';
    if (obj.volumeBindingMode === undefined || obj.volumeBindingMode === null) obj.volumeBindingMode = 'Immediate';
  },
  validate(obj) {
    return [...validateObjectMeta(obj.metadata, false, nameIsDNSSubdomain), ...validateClass(obj)];
  },
  validateUpdate(obj, old) {
    const errs = [...validateClass(obj), ...validateObjectMetaUpdate(obj.metadata, old.metadata)];
    if (!semanticEqual(obj.parameters, old.parameters)) errs.push(forbidden(root('parameters'), 'updates to parameters are forbidden.'));
    if (obj.provisioner !== old.provisioner) errs.push(forbidden(root('provisioner'), 'updates to provisioner are forbidden.'));
    if (obj.reclaimPolicy !== old.reclaimPolicy) errs.push(forbidden(root('reclaimPolicy'), 'updates to reclaimPolicy are forbidden.'));
    errs.push(...immutable(obj.volumeBindingMode, old.volumeBindingMode, root('volumeBindingMode')));
    return errs;
  },
};
