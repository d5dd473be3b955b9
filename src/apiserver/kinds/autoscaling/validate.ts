// autoscaling HorizontalPodAutoscaler validation (pkg/apis/autoscaling/validation),
// on the v2 shape (upstream validates the internal type, which is v2-like).
import type { KubeObject } from '../../types.js';
import { type FieldError, type FieldPath, forbidden, invalid, notSupported, required, root } from '../../validation/field.js';
import { validateObjectMeta, validateObjectMetaUpdate } from '../../validation/meta.js';
import { nameIsDNSSubdomain, nameIsPathSegment } from '../../validation/names.js';
import { tryParseQuantity } from '../../validation/quantity.js';
import { asArray, asObj, asString, isNum, type Obj } from '../apps/helpers.js';

const SOURCE_TYPES = ['ContainerResource', 'External', 'Object', 'Pods', 'Resource'];
const SOURCE_FIELDS: Record<string, string> = {
  Object: 'object', Pods: 'pods', Resource: 'resource', External: 'external', ContainerResource: 'containerResource',
};
const MAX_STABILIZATION = 3600;
const MAX_PERIOD = 1800;

export function validateCrossVersionObjectReference(ref: unknown, fld: FieldPath): FieldError[] {
  const r = asObj(ref) ?? {};
  const errs: FieldError[] = [];
  for (const key of ['kind', 'name']) {
    const v = asString(r[key]);
    if (!v) errs.push(required(fld.child(key), ''));
    else for (const m of nameIsPathSegment(v, false)) errs.push(invalid(fld.child(key), v, m));
  }
  return errs;
}

const positive = (q: unknown): boolean => (tryParseQuantity(q) ?? 0) > 0;

function validateTarget(t: Obj | undefined, fld: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const mt = t ?? {};
  const type = asString(mt.type);
  if (!type) errs.push(required(fld.child('type'), 'must specify a metric target type'));
  else if (!['Utilization', 'Value', 'AverageValue'].includes(type)) errs.push(invalid(fld.child('type'), type, 'must be either Utilization, Value, or AverageValue'));
  if (mt.value !== undefined && mt.value !== null && !positive(mt.value)) errs.push(invalid(fld.child('value'), mt.value, 'must be positive'));
  if (mt.averageValue !== undefined && mt.averageValue !== null && !positive(mt.averageValue)) errs.push(invalid(fld.child('averageValue'), mt.averageValue, 'must be positive'));
  if (isNum(mt.averageUtilization) && mt.averageUtilization < 1) errs.push(invalid(fld.child('averageUtilization'), mt.averageUtilization, 'must be greater than 0'));
  return errs;
}

function validateResourceSource(src: Obj, fld: FieldPath, container: boolean): FieldError[] {
  const errs: FieldError[] = [];
  if (!asString(src.name)) errs.push(required(fld.child('name'), 'must specify a resource name'));
  if (container && !asString(src.container)) errs.push(required(fld.child('container'), 'must specify a container'));
  const target = asObj(src.target);
  errs.push(...validateTarget(target, fld.child('target')));
  const t = target ?? {};
  const hasUtil = t.averageUtilization !== undefined && t.averageUtilization !== null;
  const hasAvg = t.averageValue !== undefined && t.averageValue !== null;
  if (!hasUtil && !hasAvg) errs.push(required(fld.child('target', 'averageUtilization'), 'must set either a target raw value or a target utilization'));
  if (hasUtil && hasAvg) errs.push(forbidden(fld.child('target', 'averageValue'), 'may not set both a target raw value and a target utilization'));
  return errs;
}

function validateMetricIdentifier(id: unknown, fld: FieldPath): FieldError[] {
  return asString(asObj(id)?.name) ? [] : [required(fld.child('name'), 'must specify a metric name')];
}

function validateSource(type: string, src: Obj, fld: FieldPath): FieldError[] {
  switch (type) {
    case 'resource':
      return validateResourceSource(src, fld, false);
    case 'containerResource':
      return validateResourceSource(src, fld, true);
    case 'pods': {
      const errs = [...validateMetricIdentifier(src.metric, fld.child('metric')), ...validateTarget(asObj(src.target), fld.child('target'))];
      if (asObj(src.target)?.averageValue === undefined) errs.push(required(fld.child('target', 'averageValue'), 'must specify a positive target averageValue'));
      return errs;
    }
    default: {
      const errs = [...validateMetricIdentifier(src.metric, fld.child('metric')), ...validateTarget(asObj(src.target), fld.child('target'))];
      if (type === 'object') errs.unshift(...validateCrossVersionObjectReference(src.describedObject, fld.child('describedObject')));
      const t = asObj(src.target) ?? {};
      if (t.value === undefined && t.averageValue === undefined) errs.push(required(fld.child('target', 'value'), 'must set either a target value or averageValue'));
      return errs;
    }
  }
}

function validateMetricSpec(spec: Obj, fld: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const type = asString(spec.type);
  if (!type) errs.push(required(fld.child('type'), 'must specify a metric source type'));
  if (!SOURCE_TYPES.includes(type)) errs.push(notSupported(fld.child('type'), type, SOURCE_TYPES));
  const present: string[] = [];
  for (const f of Object.values(SOURCE_FIELDS)) {
    const src = asObj(spec[f]);
    if (!src) continue;
    present.push(f);
    if (present.length === 1) errs.push(...validateSource(f, src, fld.child(f)));
  }
  const expected = SOURCE_FIELDS[type] ?? type.charAt(0).toLowerCase() + type.slice(1);
  if (!present.includes(expected)) errs.push(required(fld.child(expected), 'must populate information for the given metric source'));
  if (present.length !== 1) for (const f of present.filter((p) => p !== expected)) errs.push(forbidden(fld.child(f), 'must populate the given metric source only'));
  return errs;
}

function validateRules(rules: Obj, fld: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const w = rules.stabilizationWindowSeconds;
  if (isNum(w) && w < 0) errs.push(invalid(fld.child('stabilizationWindowSeconds'), w, 'must be greater than or equal to zero'));
  if (isNum(w) && w > MAX_STABILIZATION) errs.push(invalid(fld.child('stabilizationWindowSeconds'), w, `must be less than or equal to ${MAX_STABILIZATION}`));
  const sp = rules.selectPolicy;
  if (sp !== undefined && sp !== null && !['Disabled', 'Max', 'Min'].includes(asString(sp))) errs.push(notSupported(fld.child('selectPolicy'), sp, ['Disabled', 'Max', 'Min']));
  const policies = asArray(rules.policies);
  if (policies.length === 0) errs.push(required(fld.child('policies'), 'must specify at least one Policy'));
  policies.forEach((p, i) => {
    const pol = asObj(p) ?? {};
    const pf = fld.child('policies').index(i);
    if (!['Pods', 'Percent'].includes(asString(pol.type))) errs.push(notSupported(pf.child('type'), pol.type ?? '', ['Percent', 'Pods']));
    if (!isNum(pol.value) || pol.value <= 0) errs.push(invalid(pf.child('value'), pol.value ?? 0, 'must be greater than zero'));
    if (!isNum(pol.periodSeconds) || pol.periodSeconds <= 0) errs.push(invalid(pf.child('periodSeconds'), pol.periodSeconds ?? 0, 'must be greater than zero'));
    else if (pol.periodSeconds > MAX_PERIOD) errs.push(invalid(pf.child('periodSeconds'), pol.periodSeconds, `must be less than or equal to ${MAX_PERIOD}`));
  });
  return errs;
}

export function validateSpec(specIn: unknown, fld = root('spec')): FieldError[] {
  const spec = asObj(specIn) ?? {};
  const errs: FieldError[] = [];
  const min = spec.minReplicas;
  const max = isNum(spec.maxReplicas) ? spec.maxReplicas : 0;
  if (isNum(min) && min < 1) errs.push(invalid(fld.child('minReplicas'), min, 'must be greater than or equal to 1'));
  if (max < 1) errs.push(invalid(fld.child('maxReplicas'), max, 'must be greater than 0'));
  if (isNum(min) && max < min) errs.push(invalid(fld.child('maxReplicas'), max, 'must be greater than or equal to `minReplicas`'));
  errs.push(...validateCrossVersionObjectReference(spec.scaleTargetRef, fld.child('scaleTargetRef')));
  asArray(spec.metrics).forEach((m, i) => errs.push(...validateMetricSpec(asObj(m) ?? {}, fld.child('metrics').index(i))));
  const behavior = asObj(spec.behavior);
  if (behavior) {
    for (const k of ['scaleUp', 'scaleDown']) {
      const r = asObj(behavior[k]);
      if (r) errs.push(...validateRules(r, fld.child('behavior', k)));
    }
  }
  return errs;
}

export function validateHpa(obj: KubeObject): FieldError[] {
  return [...validateObjectMeta(obj.metadata, true, nameIsDNSSubdomain), ...validateSpec(obj.spec)];
}

export function validateHpaUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  return [...validateObjectMetaUpdate(obj.metadata, old.metadata), ...validateSpec(obj.spec)];
}

export function validateHpaStatusUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  const errs = validateObjectMetaUpdate(obj.metadata, old.metadata);
  const st = asObj(obj.status) ?? {};
  // Upstream's path really says "desiredReplicasa".
  for (const [key, path] of [['currentReplicas', 'currentReplicas'], ['desiredReplicas', 'desiredReplicasa']] as const) {
    if (isNum(st[key]) && st[key] < 0) errs.push(invalid(root('status').child(path), st[key], 'must be greater than or equal to 0'));
  }
  return errs;
}
