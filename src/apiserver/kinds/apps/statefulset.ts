// apps/v1 StatefulSet. Only replicas, ordinals, template, updateStrategy,
// persistentVolumeClaimRetentionPolicy and minReadySeconds may change.
import type { KubeObject, Strategy } from '../../types.js';
import { type FieldError, type FieldPath, forbidden, invalid, notSupported, required, root } from '../../validation/field.js';
import { validateAnnotations, validateLabels, validateObjectMeta, validateObjectMetaUpdate } from '../../validation/meta.js';
import { nameIsDNSLabel } from '../../validation/names.js';
import { defaultPodTemplateSpec } from '../core/podspec-defaults.js';
import { asArray, asObj, ensureObj, nonNegative, type Obj, semanticEqual, specOf, statusHooksFor } from './helpers.js';

/** StatefulSetStatus fields without omitempty. */
const statusHooks = statusHooksFor({ replicas: 0, availableReplicas: 0 });
import { intOrPercentValue, notMoreThan100Percent, validatePositiveIntOrPercent } from './intstr.js';
import { labelSelectorAsSelector, selectorIsEmptyObject, validateLabelSelector } from './selector.js';
import { collisionCountNotDecremented, restartAlwaysNoDeadline, selectorMatchesTemplate, validateReplicaStatus } from './workload.js';

const RETENTION = ['Retain', 'Delete'];
const MUTABLE = ['replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy', 'minReadySeconds'];
export const STATEFULSET_SPEC_FORBIDDEN =
  "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden";

const unset = (v: unknown): boolean => v === undefined || v === null || v === '';

/** Defaults of a PVC template (core's PersistentVolumeClaim defaults, as the generated apps defaulters apply them). */
function defaultClaimTemplate(pvc: Obj): void {
  if (unset(pvc.apiVersion)) pvc.apiVersion = 'v1';
  if (unset(pvc.kind)) pvc.kind = 'PersistentVolumeClaim';
  const spec = ensureObj(pvc, 'spec');
  if (unset(spec.volumeMode)) spec.volumeMode = 'Filesystem';
  const status = ensureObj(pvc, 'status');
  if (unset(status.phase)) status.phase = 'Pending';
}

export function defaultStatefulSet(obj: KubeObject): void {
  const spec = specOf(obj);
  if (unset(spec.podManagementPolicy)) spec.podManagementPolicy = 'OrderedReady';
  const us = ensureObj(spec, 'updateStrategy');
  if (unset(us.type)) {
    us.type = 'RollingUpdate';
    ensureObj(us, 'rollingUpdate');
  }
  const ru = asObj(us.rollingUpdate);
  if (us.type === 'RollingUpdate' && ru && unset(ru.partition)) ru.partition = 0;
  const retention = ensureObj(spec, 'persistentVolumeClaimRetentionPolicy');
  if (unset(retention.whenDeleted)) retention.whenDeleted = 'Retain';
  if (unset(retention.whenScaled)) retention.whenScaled = 'Retain';
  if (unset(spec.replicas)) spec.replicas = 1;
  if (unset(spec.revisionHistoryLimit)) spec.revisionHistoryLimit = 10;
  defaultPodTemplateSpec(ensureObj(spec, 'template'));
  for (const t of asArray(spec.volumeClaimTemplates)) {
    const pvc = asObj(t);
    if (pvc) defaultClaimTemplate(pvc);
  }
}

function validateUpdateStrategy(us: Obj, fld: FieldPath): FieldError[] {
  const f = fld.child('updateStrategy');
  const ru = asObj(us.rollingUpdate);
  switch (us.type) {
    case undefined:
    case null:
    case '':
      return [required(f, '')];
    case 'OnDelete':
      return ru ? [invalid(f.child('rollingUpdate'), ru, "only allowed for updateStrategy 'RollingUpdate'")] : [];
    case 'RollingUpdate': {
      if (!ru) return [];
      const rf = f.child('rollingUpdate');
      const errs = nonNegative(ru.partition, rf.child('partition'));
      if (ru.maxUnavailable !== undefined && ru.maxUnavailable !== null) {
        errs.push(...validatePositiveIntOrPercent(ru.maxUnavailable, rf.child('maxUnavailable')));
        if (intOrPercentValue(ru.maxUnavailable) === 0) errs.push(invalid(rf.child('maxUnavailable'), ru.maxUnavailable, 'cannot be 0'));
        errs.push(...notMoreThan100Percent(ru.maxUnavailable, rf.child('maxUnavailable')));
      }
      return errs;
    }
    default:
      return [invalid(f, us, "must be 'RollingUpdate' or 'OnDelete'")];
  }
}

function validateRetention(policy: Obj | undefined, fld: FieldPath): FieldError[] {
  if (!policy) return [];
  return ['whenDeleted', 'whenScaled'].flatMap((k) =>
    RETENTION.includes(String(policy[k])) ? [] : [notSupported(fld.child(k), policy[k] ?? '', RETENTION)],
  );
}

export function validateStatefulSetSpec(spec: Obj, fld: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const pmp = spec.podManagementPolicy;
  if (unset(pmp)) errs.push(required(fld.child('podManagementPolicy'), ''));
  else if (pmp !== 'OrderedReady' && pmp !== 'Parallel') {
    errs.push(invalid(fld.child('podManagementPolicy'), pmp, "must be 'OrderedReady' or 'Parallel'"));
  }
  errs.push(...validateUpdateStrategy(asObj(spec.updateStrategy) ?? {}, fld));
  errs.push(...validateRetention(asObj(spec.persistentVolumeClaimRetentionPolicy), fld.child('persistentVolumeClaimRetentionPolicy')));
  errs.push(...nonNegative(spec.replicas, fld.child('replicas')));
  errs.push(...nonNegative(spec.minReadySeconds, fld.child('minReadySeconds')));
  const ordinals = asObj(spec.ordinals);
  if (ordinals) errs.push(...nonNegative(ordinals.start, fld.child('ordinals.start')));
  if (spec.selector === undefined || spec.selector === null) errs.push(required(fld.child('selector'), ''));
  else {
    errs.push(...validateLabelSelector(spec.selector, {}, fld.child('selector')));
    if (selectorIsEmptyObject(spec.selector)) errs.push(invalid(fld.child('selector'), spec.selector, 'empty selector is invalid for statefulset'));
  }
  const tf = fld.child('template');
  const template = asObj(spec.template) ?? {};
  const selector = labelSelectorAsSelector(spec.selector);
  if (!selector) errs.push(invalid(fld.child('selector'), spec.selector, ''));
  else {
    // Upstream checks only the template's labels and annotations here, not the pod spec.
    errs.push(...selectorMatchesTemplate(selector, template, tf));
    const meta = asObj(template.metadata) ?? {};
    errs.push(...validateLabels(meta.labels as Record<string, string> | undefined, tf.child('labels')));
    errs.push(...validateAnnotations(meta.annotations as Record<string, string> | undefined, tf.child('annotations')));
  }
  errs.push(...restartAlwaysNoDeadline(template, 'StatefulSet', tf));
  return errs;
}

function specUpdateForbidden(spec: Obj, oldSpec: Obj): FieldError[] {
  const strip = (s: Obj): Obj => Object.fromEntries(Object.entries(s).filter(([k]) => !MUTABLE.includes(k)));
  return semanticEqual(strip(spec), strip(oldSpec)) ? [] : [forbidden(root('spec'), STATEFULSET_SPEC_FORBIDDEN)];
}

function validateStatus(obj: KubeObject, old: KubeObject): FieldError[] {
  const status = asObj(obj.status) ?? {};
  const fld = root('status');
  const keys = ['readyReplicas', 'currentReplicas', 'updatedReplicas', 'availableReplicas'];
  return [
    ...validateReplicaStatus(status, keys, fld, 'cannot be greater than status.readyReplicas'),
    ...collisionCountNotDecremented(status, asObj(old.status) ?? {}, fld),
  ];
}

export const statefulSetStrategy: Strategy = {
  ...statusHooks,
  defaults: defaultStatefulSet,
  validate(obj) {
    return [...validateObjectMeta(obj.metadata, true, nameIsDNSLabel), ...validateStatefulSetSpec(asObj(obj.spec) ?? {}, root('spec'))];
  },
  validateUpdate(obj, old) {
    const spec = asObj(obj.spec) ?? {};
    return [
      ...validateObjectMetaUpdate(obj.metadata, old.metadata),
      ...validateStatefulSetSpec(spec, root('spec')),
      ...specUpdateForbidden(spec, asObj(old.spec) ?? {}),
    ];
  },
  validateStatusUpdate(obj, old) {
    return [...validateObjectMetaUpdate(obj.metadata, old.metadata), ...validateStatus(obj, old)];
  },
};
