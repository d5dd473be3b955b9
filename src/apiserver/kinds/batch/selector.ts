// The selector a Job gets unless spec.manualSelector is set: pod-template
// labels naming the Job (legacy and batch.kubernetes.io/ forms) and a
// selector on the controller uid, plus the validation that they are intact.
import type { KubeObject } from '../../types.js';
import { type FieldError, type FieldPath, invalid, required, root } from '../../validation/field.js';
import { asObj, ensureObj, specOf } from '../apps/helpers.js';
import { labelSelectorAsSelector } from '../apps/selector.js';
import { templateLabels } from '../apps/workload.js';

export const LEGACY_CONTROLLER_UID_LABEL = 'controller-uid';
export const LEGACY_JOB_NAME_LABEL = 'job-name';
export const CONTROLLER_UID_LABEL = 'batch.kubernetes.io/controller-uid';
export const JOB_NAME_LABEL = 'batch.kubernetes.io/job-name';

/** The job strategy's generateSelector: labels the pod template and selects on the uid. */
export function generateSelector(obj: KubeObject): void {
  const spec = specOf(obj);
  const name = obj.metadata?.name ?? '';
  const uid = obj.metadata?.uid ?? '';
  const template = ensureObj(spec, 'template');
  const tmeta = ensureObj(template, 'metadata');
  const labels = (asObj(tmeta.labels) ?? {}) as Record<string, string>;
  tmeta.labels = labels;
  for (const key of [LEGACY_JOB_NAME_LABEL, JOB_NAME_LABEL]) if (!(key in labels)) labels[key] = name;
  for (const key of [LEGACY_CONTROLLER_UID_LABEL, CONTROLLER_UID_LABEL]) if (!(key in labels)) labels[key] = uid;
  const selector = ensureObj(spec, 'selector');
  const matchLabels = ensureObj(selector, 'matchLabels');
  if (!(CONTROLLER_UID_LABEL in matchLabels)) matchLabels[CONTROLLER_UID_LABEL] = uid;
}

function hasLabel(labels: Record<string, string> | undefined, fld: FieldPath, key: string, expected: string): FieldError[] {
  const path = fld.child('labels').key(key);
  if (!labels || !(key in labels)) return [required(path, `must be '${expected}'`)];
  return labels[key] === expected ? [] : [invalid(path, labels, `must be '${expected}'`)];
}

export function validateGeneratedSelector(obj: KubeObject, prefixed: boolean): FieldError[] {
  const spec = asObj(obj.spec) ?? {};
  if (spec.manualSelector === true || spec.selector === undefined || spec.selector === null) return [];
  const errs: FieldError[] = [];
  const uid = obj.metadata?.uid ?? '';
  const name = obj.metadata?.name ?? '';
  if (!uid) errs.push(required(root('metadata').child('uid'), ''));
  const tf = root('spec').child('template', 'metadata');
  const labels = templateLabels(spec.template);
  errs.push(...hasLabel(labels, tf, LEGACY_CONTROLLER_UID_LABEL, uid), ...hasLabel(labels, tf, LEGACY_JOB_NAME_LABEL, name));
  const expected: Record<string, string> = {};
  if (prefixed) {
    errs.push(...hasLabel(labels, tf, CONTROLLER_UID_LABEL, uid), ...hasLabel(labels, tf, JOB_NAME_LABEL, name));
    expected[CONTROLLER_UID_LABEL] = uid;
    expected[JOB_NAME_LABEL] = name;
  }
  expected[LEGACY_CONTROLLER_UID_LABEL] = uid;
  expected[LEGACY_JOB_NAME_LABEL] = name;
  const selector = labelSelectorAsSelector(spec.selector);
  if (selector && !selector.matches(expected)) errs.push(invalid(root('spec').child('selector'), spec.selector, '`selector` not auto-generated'));
  return errs;
}

