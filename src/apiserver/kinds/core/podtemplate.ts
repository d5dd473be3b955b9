// PodTemplate strategy: a named, stored pod template.
import type { Strategy } from '../../types.js';
import { root } from '../../validation/field.js';
import { validateObjectMeta, validateObjectMetaUpdate } from '../../validation/meta.js';
import { nameIsDNSSubdomain } from '../../validation/names.js';
import { defaultPodTemplateSpec } from './podspec-defaults.js';
import { validatePodTemplateSpec } from './podspec.js';
import type { Obj } from './util.js';

export const podTemplateStrategy: Strategy = {
  defaults(obj) {
    defaultPodTemplateSpec((obj as Obj).template);
  },
  validate(obj) {
    return [...validateObjectMeta(obj.metadata, true, nameIsDNSSubdomain), ...validatePodTemplateSpec(obj.template, root('template'))];
  },
  validateUpdate(obj, old) {
    return [...validateObjectMetaUpdate(obj.metadata, old.metadata), ...validatePodTemplateSpec(obj.template, root('template'))];
  },
};
