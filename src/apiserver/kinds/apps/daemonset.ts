// apps/v1 DaemonSet. Upstream keeps an internal templateGeneration that the
// v1 API shows as the `deprecated.daemonset.template.generation` annotation.
import type { KubeObject, Strategy } from '../../types.js';
import { type FieldError, type FieldPath, forbidden, invalid, notSupported, required, root } from '../../validation/field.js';
import { validateObjectMeta, validateObjectMetaUpdate } from '../../validation/meta.js';
import { nameIsDNSSubdomain } from '../../validation/names.js';
import { defaultPodTemplateSpec } from '../core/podspec-defaults.js';
import { validatePodTemplateSpec } from '../core/podspec.js';
import { asObj, ensureObj, immutable, nonNegative, type Obj, semanticEqual, specOf, statusHooksFor } from './helpers.js';

/** DaemonSetStatus fields without omitempty. */
const statusHooks = statusHooksFor({ currentNumberScheduled: 0, numberMisscheduled: 0, desiredNumberScheduled: 0, numberReady: 0 });
import { intOrPercentValue, notMoreThan100Percent, validatePositiveIntOrPercent } from './intstr.js';
import { labelSelectorAsSelector, selectorIsEmptyObject, validateLabelSelector } from './selector.js';
import { collisionCountNotDecremented, SELECTOR_MISMATCH, templateLabels } from './workload.js';

export const TEMPLATE_GENERATION_ANNOTATION = 'deprecated.daemonset.template.generation';

const unset = (v: unknown): boolean => v === undefined || v === null || v === '';

export function defaultDaemonSet(obj: KubeObject): void {
  const spec = specOf(obj);
  const us = ensureObj(spec, 'updateStrategy');
  if (unset(us.type)) us.type = 'RollingUpdate';
  if (us.type === 'RollingUpdate') {
    const ru = ensureObj(us, 'rollingUpdate');
    if (unset(ru.maxUnavailable)) ru.maxUnavailable = 1;
    if (unset(ru.maxSurge)) ru.maxSurge = 0;
  }
  if (unset(spec.revisionHistoryLimit)) spec.revisionHistoryLimit = 10;
  defaultPodTemplateSpec(ensureObj(spec, 'template'));
}

function validateRollingUpdate(ru: Obj, fld: FieldPath): FieldError[] {
  const errs = [
    ...validatePositiveIntOrPercent(ru.maxUnavailable, fld.child('maxUnavailable')),
    ...validatePositiveIntOrPercent(ru.maxSurge, fld.child('maxSurge')),
    ...notMoreThan100Percent(ru.maxUnavailable, fld.child('maxUnavailable')),
    ...notMoreThan100Percent(ru.maxSurge, fld.child('maxSurge')),
  ];
  const hasUnavailable = intOrPercentValue(ru.maxUnavailable) !== 0;
  const hasSurge = intOrPercentValue(ru.maxSurge) !== 0;
  if (hasUnavailable && hasSurge) errs.push(invalid(fld.child('maxSurge'), ru.maxSurge, 'may not be set when maxUnavailable is non-zero'));
  if (!hasUnavailable && !hasSurge) errs.push(required(fld.child('maxUnavailable'), 'cannot be 0 when maxSurge is 0'));
  return errs;
}

function validateUpdateStrategy(us: Obj, fld: FieldPath): FieldError[] {
  switch (us.type) {
    case 'OnDelete':
      return [];
    case 'RollingUpdate': {
      const ru = asObj(us.rollingUpdate);
      return ru ? validateRollingUpdate(ru, fld.child('rollingUpdate')) : [required(fld.child('rollingUpdate'), '')];
    }
    default:
      return [notSupported(fld, us, ['RollingUpdate', 'OnDelete'])];
  }
}

export function validateDaemonSetSpec(spec: Obj, fld: FieldPath): FieldError[] {
  const errs = validateLabelSelector(spec.selector, {}, fld.child('selector'));
  const selector = labelSelectorAsSelector(spec.selector);
  const labels = templateLabels(spec.template);
  if (selector && !selector.matches(labels)) errs.push(invalid(fld.child('template', 'metadata', 'labels'), labels ?? null, SELECTOR_MISMATCH));
  if (selectorIsEmptyObject(spec.selector)) errs.push(invalid(fld.child('selector'), spec.selector, 'empty selector is invalid for daemonset'));
  const tf = fld.child('template');
  errs.push(...validatePodTemplateSpec(spec.template, tf));
  const podSpec = asObj(asObj(spec.template)?.spec) ?? {};
  if (podSpec.restartPolicy !== 'Always') errs.push(notSupported(tf.child('spec', 'restartPolicy'), podSpec.restartPolicy ?? '', ['Always']));
  if (podSpec.activeDeadlineSeconds !== undefined && podSpec.activeDeadlineSeconds !== null) {
    errs.push(forbidden(tf.child('spec', 'activeDeadlineSeconds'), 'activeDeadlineSeconds in DaemonSet is not Supported'));
  }
  errs.push(...nonNegative(spec.minReadySeconds, fld.child('minReadySeconds')));
  errs.push(...validateUpdateStrategy(asObj(spec.updateStrategy) ?? {}, fld.child('updateStrategy')));
  errs.push(...nonNegative(spec.revisionHistoryLimit, fld.child('revisionHistoryLimit')));
  return errs;
}

function templateGeneration(obj: KubeObject): number {
  const n = Number(obj.metadata?.annotations?.[TEMPLATE_GENERATION_ANNOTATION]);
  return Number.isInteger(n) ? n : 0;
}

function setTemplateGeneration(obj: KubeObject, n: number): void {
  const meta = (obj.metadata ??= {});
  meta.annotations = { ...(meta.annotations ?? {}), [TEMPLATE_GENERATION_ANNOTATION]: String(n) };
}

const STATUS_KEYS = [
  'currentNumberScheduled',
  'numberMisscheduled',
  'desiredNumberScheduled',
  'numberReady',
  'observedGeneration',
  'updatedNumberScheduled',
  'numberAvailable',
  'numberUnavailable',
  'collisionCount',
];

export const daemonSetStrategy: Strategy = {
  ...statusHooks,
  defaults: defaultDaemonSet,
  prepareForCreate(obj, ctx) {
    statusHooks.prepareForCreate!(obj, ctx);
    if (templateGeneration(obj) < 1) setTemplateGeneration(obj, 1);
  },
  prepareForUpdate(obj, old, ctx) {
    statusHooks.prepareForUpdate!(obj, old, ctx);
    const prev = templateGeneration(old);
    const changed = !semanticEqual(asObj(obj.spec)?.template, asObj(old.spec)?.template);
    setTemplateGeneration(obj, changed ? prev + 1 : prev);
  },
  validate(obj) {
    return [...validateObjectMeta(obj.metadata, true, nameIsDNSSubdomain), ...validateDaemonSetSpec(asObj(obj.spec) ?? {}, root('spec'))];
  },
  validateUpdate(obj, old) {
    const spec = asObj(obj.spec) ?? {};
    return [
      ...validateObjectMetaUpdate(obj.metadata, old.metadata),
      ...validateDaemonSetSpec(spec, root('spec')),
      ...immutable(spec.selector, asObj(old.spec)?.selector, root('spec').child('selector')),
    ];
  },
  validateStatusUpdate(obj, old) {
    const status = asObj(obj.status) ?? {};
    const fld = root('status');
    return [
      ...validateObjectMetaUpdate(obj.metadata, old.metadata),
      ...STATUS_KEYS.flatMap((k) => nonNegative(status[k], fld.child(k))),
      ...collisionCountNotDecremented(status, asObj(old.status) ?? {}, fld),
    ];
  },
};
