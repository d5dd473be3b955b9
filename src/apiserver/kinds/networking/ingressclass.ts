// networking.k8s.io/v1 IngressClass: controller is a domain-prefixed path, immutable.
import type { KubeObject, Strategy } from '../../types.js';
import { type FieldError, type FieldPath, forbidden, notSupported, required, root, tooLong, invalid } from '../../validation/field.js';
import { validateNamespaceName, validateObjectMeta, validateObjectMetaUpdate } from '../../validation/meta.js';
import { nameIsDNSSubdomain } from '../../validation/names.js';
import { asObj, asString, immutable } from '../apps/helpers.js';
import { startGeneration } from '../core/util.js';
import { validateDomainPrefixedPath, validateTypedLocalRef } from './refs.js';

const MAX_CONTROLLER_LEN = 250;
const SCOPES = ['Cluster', 'Namespace'];

function validateParameters(params: unknown, fld: FieldPath): FieldError[] {
  const p = asObj(params);
  if (!p) return [];
  const errs = validateTypedLocalRef(p, fld);
  if (p.scope === undefined || p.scope === null) {
    errs.push(required(fld.child('scope'), ''));
    return errs;
  }
  const scope = asString(p.scope);
  if (!SCOPES.includes(scope)) {
    errs.push(notSupported(fld.child('scope'), scope, SCOPES));
    return errs;
  }
  const hasNs = p.namespace !== undefined && p.namespace !== null;
  if (scope === 'Namespace') {
    if (!hasNs) errs.push(required(fld.child('namespace'), "`parameters.scope` is set to 'Namespace'"));
    else {
      const ns = asString(p.namespace);
      for (const m of validateNamespaceName(ns, false)) errs.push(invalid(fld.child('namespace'), ns, m));
    }
  }
  if (scope === 'Cluster' && hasNs) errs.push(forbidden(fld.child('namespace'), "`parameters.scope` is set to 'Cluster'"));
  return errs;
}

function validateSpec(obj: KubeObject): FieldError[] {
  const spec = asObj(obj.spec) ?? {};
  const fld = root('spec');
  const controller = asString(spec.controller);
  const errs: FieldError[] = [];
  if (controller.length > MAX_CONTROLLER_LEN) errs.push(tooLong(fld.child('controller'), controller, MAX_CONTROLLER_LEN));
  errs.push(...validateDomainPrefixedPath(controller, fld.child('controller')));
  errs.push(...validateParameters(spec.parameters, fld.child('parameters')));
  return errs;
}

export const ingressClassStrategy: Strategy = {
  prepareForCreate: startGeneration,
  defaults(obj) {
    const params = asObj(asObj(obj.spec)?.parameters);
    if (params && (params.scope === undefined || params.scope === null)) params.scope = 'Cluster';
  },
  validate(obj) {
    return [...validateObjectMeta(obj.metadata, false, nameIsDNSSubdomain), ...validateSpec(obj)];
  },
  validateUpdate(obj, old) {
    const spec = asObj(obj.spec) ?? {};
    const oldSpec = asObj(old.spec) ?? {};
    return [
      ...validateObjectMetaUpdate(obj.metadata, old.metadata),
      ...immutable(spec.controller, oldSpec.controller, root('spec').child('controller')),
      ...validateObjectMeta(obj.metadata, false, nameIsDNSSubdomain),
      ...validateSpec(obj),
    ];
  },
};
