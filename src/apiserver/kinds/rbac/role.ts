// rbac.authorization.k8s.io/v1 Role and ClusterRole.
import type { KubeObject, Strategy } from '../../types.js';
import { type FieldError, invalid, required, root } from '../../validation/field.js';
import { validateObjectMeta, validateObjectMetaUpdate } from '../../validation/meta.js';
import { nameIsPathSegment } from '../../validation/names.js';
import { asArray, asObj } from '../apps/helpers.js';
import { labelSelectorAsSelector, validateLabelSelector } from '../apps/selector.js';
import { validateRules } from './rules.js';

function validateAggregation(obj: KubeObject): FieldError[] {
  const rule = asObj(obj.aggregationRule);
  if (!rule) return [];
  const errs: FieldError[] = [];
  const path = root('aggregationRule').child('clusterRoleSelectors');
  const selectors = asArray(rule.clusterRoleSelectors);
  if (selectors.length === 0) errs.push(required(path, 'at least one clusterRoleSelector required if aggregationRule is non-nil'));
  selectors.forEach((sel, i) => {
    errs.push(...validateLabelSelector(sel, {}, path.index(i)));
    if (!labelSelectorAsSelector(sel)) errs.push(invalid(path.index(i), sel, 'invalid label selector.'));
  });
  return errs;
}

export const roleStrategy: Strategy = {
  validate(obj) {
    return [...validateObjectMeta(obj.metadata, true, nameIsPathSegment), ...validateRules(obj.rules, true)];
  },
  validateUpdate(obj, old) {
    return [...validateObjectMetaUpdate(obj.metadata, old.metadata), ...validateRules(obj.rules, true)];
  },
};

export const clusterRoleStrategy: Strategy = {
  validate(obj) {
    return [...validateObjectMeta(obj.metadata, false, nameIsPathSegment), ...validateRules(obj.rules, false), ...validateAggregation(obj)];
  },
  validateUpdate(obj, old) {
    return [...validateObjectMetaUpdate(obj.metadata, old.metadata), ...validateRules(obj.rules, false), ...validateAggregation(obj)];
  },
};
