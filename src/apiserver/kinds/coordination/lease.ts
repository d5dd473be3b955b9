// coordination.k8s.io/v1 Lease: only the spec numbers and names are checked.
import type { KubeObject, Strategy } from '../../types.js';
import { type FieldError, invalid, root } from '../../validation/field.js';
import { validateObjectMeta, validateObjectMetaUpdate } from '../../validation/meta.js';
import { nameIsDNSSubdomain } from '../../validation/names.js';
import { asObj, isNum } from '../apps/helpers.js';

function validateSpec(obj: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  const spec = asObj(obj.spec) ?? {};
  const fld = root('spec');
  if (isNum(spec.leaseDurationSeconds) && spec.leaseDurationSeconds <= 0) {
    errs.push(invalid(fld.child('leaseDurationSeconds'), spec.leaseDurationSeconds, 'must be greater than 0'));
  }
  if (isNum(spec.leaseTransitions) && spec.leaseTransitions < 0) {
    errs.push(invalid(fld.child('leaseTransitions'), spec.leaseTransitions, 'must be greater than or equal to 0'));
  }
  return errs;
}

export const leaseStrategy: Strategy = {
  validate(obj) {
    return [...validateObjectMeta(obj.metadata, true, nameIsDNSSubdomain), ...validateSpec(obj)];
  },
  validateUpdate(obj, old) {
    return [...validateObjectMetaUpdate(obj.metadata, old.metadata), ...validateSpec(obj)];
  },
};
