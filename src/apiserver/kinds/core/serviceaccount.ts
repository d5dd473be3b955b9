// ServiceAccount strategy.
import type { KubeObject, Strategy } from '../../types.js';
import { type FieldError, invalid, root } from '../../validation/field.js';
import { validateObjectMeta, validateObjectMetaUpdate } from '../../validation/meta.js';
import { isDNS1123Subdomain, nameIsDNSSubdomain } from '../../validation/names.js';
import { list, str } from './util.js';

function validateRefs(o: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  for (const key of ['secrets', 'imagePullSecrets']) {
    list(o, key).forEach((ref, i) => {
      const name = str(ref.name);
      if (name) for (const m of isDNS1123Subdomain(name)) errs.push(invalid(root(key).index(i).child('name'), name, m));
    });
  }
  return errs;
}

export const serviceAccountStrategy: Strategy = {
  validate(obj) {
    return [...validateObjectMeta(obj.metadata, true, nameIsDNSSubdomain), ...validateRefs(obj)];
  },
  validateUpdate(obj, old) {
    return [...validateObjectMetaUpdate(obj.metadata, old.metadata), ...validateRefs(obj)];
  },
};
