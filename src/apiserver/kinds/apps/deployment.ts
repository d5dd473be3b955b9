// apps/v1 Deployment.
import type { KubeObject, Strategy } from '../../types.js';
import { type FieldError, type FieldPath, forbidden, invalid, notSupported, required, root } from '../../validation/field.js';
import { validateObjectMeta, validateObjectMetaUpdate } from '../../validation/meta.js';
import { nameIsDNSSubdomain } from '../../validation/names.js';
import { defaultPodTemplateSpec } from '../core/podspec-defaults.js';
import { asObj, ensureObj, immutable, isNum, nonNegative, type Obj, semanticEqual, specOf, statusHooks } from './helpers.js';
import { intOrPercentValue, notMoreThan100Percent, validatePositiveIntOrPercent } from './intstr.js';
import { collisionCountNotDecremented, validateReplicaStatus, validateRequiredSelector, validateTemplateForReplicaSet } from './workload.js';

function setDefault(o: Obj, key: string, value: unknown): void {
  if (o[key] === undefined || o[key] === null) o[key] = value;
}

export function defaultDeployment(obj: KubeObject): void {
  const spec = specOf(obj);
  setDefault(spec, 'replicas', 1);
  const strategy = ensureObj(spec, 'strategy');
  if (!strategy.type) strategy.type = 'RollingUpdate';
  if (strategy.type === 'RollingUpdate') {
    const ru = ensureObj(strategy, 'rollingUpdate');
    setDefault(ru, 'maxUnavailable', '25%');
    setDefault(ru, 'maxSurge', '25%');
  }
  setDefault(spec, 'revisionHistoryLimit', 10);
  setDefault(spec, 'progressDeadlineSeconds', 600);
  defaultPodTemplateSpec(ensureObj(spec, 'template'));
}

function validateRollingUpdate(ru: Obj, fld: FieldPath): FieldError[] {
  const errs = [
    ...validatePositiveIntOrPercent(ru.maxUnavailable, fld.child('maxUnavailable')),
    ...validatePositiveIntOrPercent(ru.maxSurge, fld.child('maxSurge')),
  ];
  if (intOrPercentValue(ru.maxUnavailable) === 0 && intOrPercentValue(ru.maxSurge) === 0) {
    errs.push(invalid(fld.child('maxUnavailable'), ru.maxUnavailable ?? null, 'may not be 0 when `maxSurge` is 0'));
  }
  errs.push(...notMoreThan100Percent(ru.maxUnavailable, fld.child('maxUnavailable')));
  return errs;
}

function validateStrategy(strategy: Obj, fld: FieldPath): FieldError[] {
  switch (strategy.type) {
    case 'Recreate':
      return strategy.rollingUpdate ? [forbidden(fld.child('rollingUpdate'), "may not be specified when strategy `type` is 'Recreate'")] : [];
    case 'RollingUpdate': {
      const ru = asObj(strategy.rollingUpdate);
      if (!ru) return [required(fld.child('rollingUpdate'), 'this should be defaulted and never be nil')];
      return validateRollingUpdate(ru, fld.child('rollingUpdate'));
    }
    default:
      return [notSupported(fld, strategy, ['Recreate', 'RollingUpdate'])];
  }
}

export function validateDeploymentSpec(spec: Obj, fld: FieldPath): FieldError[] {
  const errs = nonNegative(spec.replicas, fld.child('replicas'));
  errs.push(...validateRequiredSelector(spec, 'deployment', fld));
  errs.push(...validateTemplateForReplicaSet(spec, 'ReplicaSet', fld));
  errs.push(...validateStrategy(asObj(spec.strategy) ?? {}, fld.child('strategy')));
  errs.push(...nonNegative(spec.minReadySeconds, fld.child('minReadySeconds')));
  errs.push(...nonNegative(spec.revisionHistoryLimit, fld.child('revisionHistoryLimit')));
  const rollback = asObj(spec.rollbackTo);
  if (rollback) errs.push(...nonNegative(rollback.revision, fld.child('rollback', 'version')));
  if (isNum(spec.progressDeadlineSeconds)) {
    errs.push(...nonNegative(spec.progressDeadlineSeconds, fld.child('progressDeadlineSeconds')));
    const minReady = isNum(spec.minReadySeconds) ? spec.minReadySeconds : 0;
    if (spec.progressDeadlineSeconds <= minReady) {
      errs.push(invalid(fld.child('progressDeadlineSeconds'), spec.progressDeadlineSeconds, 'must be greater than minReadySeconds'));
    }
  }
  return errs;
}

const STATUS_KEYS = ['updatedReplicas', 'readyReplicas', 'availableReplicas'];

function validateStatus(obj: KubeObject, old: KubeObject): FieldError[] {
  const status = asObj(obj.status) ?? {};
  const fld = root('status');
  const errs = validateReplicaStatus(status, STATUS_KEYS, fld, 'cannot be greater than readyReplicas');
  errs.push(...nonNegative(status.unavailableReplicas, fld.child('unavailableReplicas')));
  errs.push(...collisionCountNotDecremented(status, asObj(old.status) ?? {}, fld));
  return errs;
}

export const deploymentStrategy: Strategy = {
  ...statusHooks,
  defaults: defaultDeployment,
  validate(obj) {
    return [...validateObjectMeta(obj.metadata, true, nameIsDNSSubdomain), ...validateDeploymentSpec(asObj(obj.spec) ?? {}, root('spec'))];
  },
  validateUpdate(obj, old) {
    const spec = asObj(obj.spec) ?? {};
    return [
      ...validateObjectMetaUpdate(obj.metadata, old.metadata),
      ...validateDeploymentSpec(spec, root('spec')),
      ...immutable(spec.selector, asObj(old.spec)?.selector, root('spec').child('selector')),
    ];
  },
  validateStatusUpdate(obj, old) {
    return [...validateObjectMetaUpdate(obj.metadata, old.metadata), ...validateStatus(obj, old)];
  },
  /** Upstream also bumps the generation when annotations change (they may carry rollback requests). */
  specChanged(obj, old) {
    return !semanticEqual(obj.spec, old.spec) || !semanticEqual(obj.metadata?.annotations, old.metadata?.annotations);
  },
};
