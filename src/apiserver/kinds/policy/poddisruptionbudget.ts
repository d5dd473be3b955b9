// policy/v1 PodDisruptionBudget: minAvailable xor maxUnavailable (int or percent).
// Upstream has no kind-specific name rule here, only the generic path-segment one.
import type { KubeObject, Strategy } from '../../types.js';
import { type FieldError, invalid, notSupported, root } from '../../validation/field.js';
import { validateObjectMeta, validateObjectMetaUpdate } from '../../validation/meta.js';
import { nameIsPathSegment } from '../../validation/names.js';
import { asObj, nonNegative, statusHooksFor } from '../apps/helpers.js';

/** PodDisruptionBudgetStatus counters have no omitempty. */
const statusHooks = statusHooksFor({ disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 });
import { notMoreThan100Percent, validatePositiveIntOrPercent } from '../apps/intstr.js';
import { validateLabelSelector } from '../apps/selector.js';

const EVICTION_POLICIES = ['AlwaysAllow', 'IfHealthyBudget'];

function validateSpec(obj: KubeObject): FieldError[] {
  const spec = asObj(obj.spec) ?? {};
  const fld = root('spec');
  const errs: FieldError[] = [];
  const has = (k: string): boolean => spec[k] !== undefined && spec[k] !== null;
  if (has('minAvailable') && has('maxUnavailable')) errs.push(invalid(fld, spec, 'minAvailable and maxUnavailable cannot be both set'));
  for (const k of ['minAvailable', 'maxUnavailable']) {
    if (!has(k)) continue;
    errs.push(...validatePositiveIntOrPercent(spec[k], fld.child(k)));
    errs.push(...notMoreThan100Percent(spec[k], fld.child(k)));
  }
  errs.push(...validateLabelSelector(spec.selector, {}, fld.child('selector')));
  const p = spec.unhealthyPodEvictionPolicy;
  if (p !== undefined && p !== null && !EVICTION_POLICIES.includes(String(p))) {
    errs.push(notSupported(fld.child('unhealthyPodEvictionPolicy'), p, EVICTION_POLICIES));
  }
  return errs;
}

function validateStatus(obj: KubeObject): FieldError[] {
  const st = asObj(obj.status) ?? {};
  const fld = root('status');
  return ['disruptionsAllowed', 'currentHealthy', 'desiredHealthy', 'expectedPods'].flatMap((k) =>
    nonNegative(st[k], fld.child(k)),
  );
}

export const podDisruptionBudgetStrategy: Strategy = {
  ...statusHooks,
  validate(obj) {
    return [...validateSpec(obj), ...validateObjectMeta(obj.metadata, true, nameIsPathSegment)];
  },
  validateUpdate(obj, old) {
    return [...validateSpec(obj), ...validateObjectMetaUpdate(obj.metadata, old.metadata)];
  },
  validateStatusUpdate(obj, old) {
    return [...validateObjectMetaUpdate(obj.metadata, old.metadata), ...validateStatus(obj)];
  },
};

