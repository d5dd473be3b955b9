// apps/v1 ControllerRevision: an immutable snapshot of a workload's template.
import type { KubeObject, Strategy } from '../../types.js';
import { type FieldError, required, root } from '../../validation/field.js';
import { validateObjectMeta, validateObjectMetaUpdate } from '../../validation/meta.js';
import { nameIsDNSSubdomain } from '../../validation/names.js';
import { immutable, nonNegative } from './helpers.js';

function validateRevision(obj: KubeObject): FieldError[] {
  const errs = validateObjectMeta(obj.metadata, true, nameIsDNSSubdomain);
  if (obj.data === undefined || obj.data === null) errs.push(required(root('data'), 'data is mandatory'));
  errs.push(...nonNegative(obj.revision, root('revision')));
  return errs;
}

export const controllerRevisionStrategy: Strategy = {
  validate: (obj) => validateRevision(obj),
  validateUpdate(obj, old) {
    return [
      ...validateObjectMetaUpdate(obj.metadata, old.metadata),
      ...validateRevision(obj),
      ...immutable(obj.data, old.data, root('data')),
    ];
  },
};
