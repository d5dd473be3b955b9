// rbac.authorization.k8s.io/v1 RoleBinding and ClusterRoleBinding: roleRef is
// required and can never change.
import type { KubeObject, Strategy } from '../../types.js';
import { type FieldError, invalid, root } from '../../validation/field.js';
import { validateObjectMeta, validateObjectMetaUpdate } from '../../validation/meta.js';
import { nameIsPathSegment } from '../../validation/names.js';
import { type Obj, semanticEqual } from '../apps/helpers.js';
import { defaultBinding, validateBindingBody } from './rules.js';

function roleRefChange(obj: KubeObject, old: KubeObject): FieldError[] {
  return semanticEqual(obj.roleRef, old.roleRef) ? [] : [invalid(root('roleRef'), obj.roleRef ?? null, 'cannot change roleRef')];
}

function bindingStrategy(namespaced: boolean): Strategy {
  return {
    defaults(obj) {
      defaultBinding(obj as Obj);
    },
    validate(obj) {
      return [...validateObjectMeta(obj.metadata, namespaced, nameIsPathSegment), ...validateBindingBody(obj as Obj, namespaced)];
    },
    validateUpdate(obj, old) {
      return [
        ...validateObjectMeta(obj.metadata, namespaced, nameIsPathSegment),
        ...validateBindingBody(obj as Obj, namespaced),
        ...validateObjectMetaUpdate(obj.metadata, old.metadata),
        ...roleRefChange(obj, old),
      ];
    },
  };
}

export const roleBindingStrategy = bindingStrategy(true);
export const clusterRoleBindingStrategy = bindingStrategy(false);
