// ResourceQuota strategy (core validation's ValidateResourceQuota).
import type { KubeObject, Strategy } from '../../types.js';
import { type FieldError, type FieldPath, invalid, notSupported, root } from '../../validation/field.js';
import { validateObjectMeta, validateObjectMetaUpdate } from '../../validation/meta.js';
import { nameIsDNSSubdomain } from '../../validation/names.js';
import { validateResourceName, validateResourceQuantityValue } from './resources.js';
import { clone, list, peek, dropGeneration } from './util.js';

const SCOPES = ['BestEffort', 'CrossNamespacePodAffinity', 'NotBestEffort', 'NotTerminating', 'PriorityClass', 'Terminating'];
const SELECTOR_OPS = ['DoesNotExist', 'Exists', 'In', 'NotIn'];

function validateResourceList(rl: Record<string, unknown> | undefined, fld: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  for (const [k, v] of Object.entries(rl ?? {})) {
    const p = fld.key(k);
    // Object-count quotas (count/<resource>.<group>) are qualified names too.
    errs.push(...validateResourceName(k, p), ...validateResourceQuantityValue(k, v, p));
  }
  return errs;
}

function validateQuotaSpec(o: KubeObject): FieldError[] {
  const s = peek(o, 'spec') ?? {};
  const fld = root('spec');
  const errs = validateResourceList(peek(s, 'hard'), fld.child('hard'));
  const scopes = Array.isArray(s.scopes) ? s.scopes.map(String) : [];
  scopes.forEach((sc) => {
    if (!SCOPES.includes(sc)) errs.push(notSupported(fld.child('scopes'), sc, SCOPES));
  });
  if (scopes.includes('Terminating') && scopes.includes('NotTerminating')) {
    errs.push(invalid(fld.child('scopes'), scopes, 'conflicting scopes'));
  }
  if (scopes.includes('BestEffort') && scopes.includes('NotBestEffort')) {
    errs.push(invalid(fld.child('scopes'), scopes, 'conflicting scopes'));
  }
  list(peek(s, 'scopeSelector'), 'matchExpressions').forEach((e, i) => {
    const p = fld.child('scopeSelector', 'matchExpressions').index(i);
    if (!SCOPES.includes(String(e.scopeName ?? ''))) errs.push(notSupported(p.child('scopeName'), e.scopeName, SCOPES));
    if (!SELECTOR_OPS.includes(String(e.operator ?? ''))) errs.push(notSupported(p.child('operator'), e.operator, SELECTOR_OPS));
  });
  return errs;
}

function validateQuotaStatus(o: KubeObject): FieldError[] {
  const st = peek(o, 'status') ?? {};
  return [
    ...validateResourceList(peek(st, 'hard'), root('status').child('hard')),
    ...validateResourceList(peek(st, 'used'), root('status').child('used')),
  ];
}

export const resourceQuotaStrategy: Strategy = {
  prepareForCreate(obj) {
    dropGeneration(obj);
    obj.status = {};
  },
  validate(obj) {
    return [...validateObjectMeta(obj.metadata, true, nameIsDNSSubdomain), ...validateQuotaSpec(obj)];
  },
  prepareForUpdate(obj, old) {
    obj.status = clone(old.status);
  },
  validateUpdate(obj, old) {
    return [...validateObjectMetaUpdate(obj.metadata, old.metadata), ...validateQuotaSpec(obj)];
  },
  prepareForStatusUpdate(obj, old) {
    obj.spec = clone(old.spec);
  },
  validateStatusUpdate(obj, old) {
    return [...validateObjectMetaUpdate(obj.metadata, old.metadata), ...validateQuotaStatus(obj)];
  },
};
