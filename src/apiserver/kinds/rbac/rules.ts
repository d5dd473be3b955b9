// Shared RBAC checks: policy rules (Role/ClusterRole) and subjects/roleRef (bindings).
import { type FieldError, type FieldPath, invalid, notSupported, required, root } from '../../validation/field.js';
import { nameIsDNSSubdomain, nameIsPathSegment } from '../../validation/names.js';
import { asArray, asObj, asString, type Obj } from '../apps/helpers.js';

export const RBAC_GROUP = 'rbac.authorization.k8s.io';

/** ValidatePolicyRule. */
export function validatePolicyRule(rule: Obj, namespaced: boolean, fld: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  if (asArray(rule.verbs).length === 0) errs.push(required(fld.child('verbs'), 'verbs must contain at least one value'));
  const urls = asArray(rule.nonResourceURLs);
  if (urls.length > 0) {
    if (namespaced) errs.push(invalid(fld.child('nonResourceURLs'), urls, 'namespaced rules cannot apply to non-resource URLs'));
    if (asArray(rule.apiGroups).length || asArray(rule.resources).length || asArray(rule.resourceNames).length) {
      errs.push(invalid(fld.child('nonResourceURLs'), urls, 'rules cannot apply to both regular resources and non-resource URLs'));
    }
    return errs;
  }
  if (asArray(rule.apiGroups).length === 0) errs.push(required(fld.child('apiGroups'), 'resource rules must supply at least one api group'));
  if (asArray(rule.resources).length === 0) errs.push(required(fld.child('resources'), 'resource rules must supply at least one resource'));
  return errs;
}

export function validateRules(rules: unknown, namespaced: boolean): FieldError[] {
  return asArray(rules).flatMap((r, i) => validatePolicyRule(asObj(r) ?? {}, namespaced, root('rules').index(i)));
}

/** ValidateRoleBindingSubject. */
export function validateSubject(subject: Obj, namespaced: boolean, fld: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const name = asString(subject.name);
  const apiGroup = asString(subject.apiGroup);
  if (name.length === 0) errs.push(required(fld.child('name'), ''));
  switch (subject.kind) {
    case 'ServiceAccount':
      if (name) for (const m of nameIsDNSSubdomain(name, false)) errs.push(invalid(fld.child('name'), name, m));
      if (apiGroup) errs.push(notSupported(fld.child('apiGroup'), apiGroup, ['']));
      if (!namespaced && !asString(subject.namespace)) errs.push(required(fld.child('namespace'), ''));
      break;
    case 'User':
    case 'Group':
      if (apiGroup !== RBAC_GROUP) errs.push(notSupported(fld.child('apiGroup'), apiGroup, [RBAC_GROUP]));
      break;
    default:
      errs.push(notSupported(fld.child('kind'), subject.kind ?? '', ['ServiceAccount', 'User', 'Group']));
  }
  return errs;
}

/** roleRef and subjects of a (Cluster)RoleBinding. */
export function validateBindingBody(obj: Obj, namespaced: boolean): FieldError[] {
  const errs: FieldError[] = [];
  const ref = asObj(obj.roleRef) ?? {};
  const refPath = root('roleRef');
  if (ref.apiGroup !== RBAC_GROUP) errs.push(notSupported(refPath.child('apiGroup'), ref.apiGroup ?? '', [RBAC_GROUP]));
  const kinds = namespaced ? ['Role', 'ClusterRole'] : ['ClusterRole'];
  if (!kinds.includes(asString(ref.kind))) errs.push(notSupported(refPath.child('kind'), ref.kind ?? '', kinds));
  const name = asString(ref.name);
  if (name.length === 0) errs.push(required(refPath.child('name'), ''));
  else for (const m of nameIsPathSegment(name, false)) errs.push(invalid(refPath.child('name'), name, m));
  asArray(obj.subjects).forEach((s, i) => errs.push(...validateSubject(asObj(s) ?? {}, namespaced, root('subjects').index(i))));
  return errs;
}

/**
 * rbac/v1 defaults: roleRef.apiGroup and subject apiGroups. A ServiceAccount
 * subject's group is the empty string, which upstream (omitempty) never
 * serializes, so it is left out rather than stored as "".
 */
export function defaultBinding(obj: Obj): void {
  const ref = asObj(obj.roleRef);
  if (ref && !ref.apiGroup) ref.apiGroup = RBAC_GROUP;
  for (const s of asArray(obj.subjects)) {
    const sub = asObj(s);
    if (!sub || sub.apiGroup) continue;
    delete sub.apiGroup;
    if (sub.kind === 'User' || sub.kind === 'Group') sub.apiGroup = RBAC_GROUP;
  }
}
