// Shared parts of the apps workloads: selector + template checks
// (ValidatePodTemplateSpecForReplicaSet and friends) and replica-count status rules.
import { type FieldError, type FieldPath, forbidden, invalid, notSupported, required } from '../../validation/field.js';
import { validatePodTemplateSpec } from '../core/podspec.js';
import { asObj, nonNegative, type Obj } from './helpers.js';
import { labelSelectorAsSelector, type Selector, selectorIsEmptyObject, validateLabelSelector } from './selector.js';

export const SELECTOR_MISMATCH = '`selector` does not match template `labels`';

export function templateLabels(template: unknown): Record<string, string> | undefined {
  return asObj(asObj(template)?.metadata)?.labels as Record<string, string> | undefined;
}

/** A required, non-empty, strictly valid spec.selector; `kind` words the "empty selector" message. */
export function validateRequiredSelector(spec: Obj, kind: string, fld: FieldPath): FieldError[] {
  if (spec.selector === undefined || spec.selector === null) return [required(fld.child('selector'), '')];
  const errs = validateLabelSelector(spec.selector, {}, fld.child('selector'));
  if (selectorIsEmptyObject(spec.selector)) errs.push(invalid(fld.child('selector'), spec.selector, `empty selector is invalid for ${kind}`));
  return errs;
}

/** Template labels must satisfy a non-empty selector. */
export function selectorMatchesTemplate(selector: Selector, template: unknown, fld: FieldPath): FieldError[] {
  if (selector.empty) return [];
  const labels = templateLabels(template);
  return selector.matches(labels) ? [] : [invalid(fld.child('metadata', 'labels'), labels ?? null, SELECTOR_MISMATCH)];
}

/**
 * ValidatePodTemplateSpecForReplicaSet (also used by Deployments): selector
 * match, pod template validation, restartPolicy Always, no activeDeadlineSeconds.
 */
export function validateTemplateForReplicaSet(spec: Obj, kind: string, fld: FieldPath): FieldError[] {
  const selector = labelSelectorAsSelector(spec.selector);
  if (!selector) return [invalid(fld.child('selector'), spec.selector, 'invalid label selector')];
  const tf = fld.child('template');
  const template = asObj(spec.template) ?? {};
  const errs = selectorMatchesTemplate(selector, template, tf);
  errs.push(...validatePodTemplateSpec(template, tf));
  errs.push(...restartAlwaysNoDeadline(template, kind, tf));
  return errs;
}

/** restartPolicy must be Always and activeDeadlineSeconds unset in long-running workloads. */
export function restartAlwaysNoDeadline(template: Obj, kind: string, tf: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const podSpec = asObj(template.spec) ?? {};
  if (podSpec.restartPolicy !== 'Always') errs.push(notSupported(tf.child('spec', 'restartPolicy'), podSpec.restartPolicy ?? '', ['Always']));
  if (podSpec.activeDeadlineSeconds !== undefined && podSpec.activeDeadlineSeconds !== null) {
    errs.push(forbidden(tf.child('spec', 'activeDeadlineSeconds'), `activeDeadlineSeconds in ${kind} is not Supported`));
  }
  return errs;
}

const num = (v: unknown): number => (typeof v === 'number' ? v : 0);

/**
 * Replica counters: all non-negative, none above status.replicas, available
 * not above ready (`readyMsg` words that last rule as upstream does per kind).
 */
export function validateReplicaStatus(status: Obj, keys: string[], fld: FieldPath, readyMsg: string): FieldError[] {
  const errs: FieldError[] = [];
  for (const k of ['replicas', ...keys, 'observedGeneration', 'collisionCount']) errs.push(...nonNegative(status[k], fld.child(k)));
  const replicas = num(status.replicas);
  for (const k of keys) {
    if (num(status[k]) > replicas) errs.push(invalid(fld.child(k), num(status[k]), 'cannot be greater than status.replicas'));
  }
  if (keys.includes('availableReplicas') && num(status.availableReplicas) > num(status.readyReplicas)) {
    errs.push(invalid(fld.child('availableReplicas'), num(status.availableReplicas), readyMsg));
  }
  return errs;
}

/** status.collisionCount may not go down. */
export function collisionCountNotDecremented(status: Obj, oldStatus: Obj, fld: FieldPath): FieldError[] {
  const next = status.collisionCount;
  const prev = oldStatus.collisionCount;
  if (typeof prev !== 'number') return [];
  if (typeof next !== 'number' || next < prev) return [invalid(fld.child('collisionCount'), num(next), 'cannot be decremented')];
  return [];
}
