// ReplicationController strategy (pkg/registry/core/replicationcontroller).
import type { KubeObject, Strategy } from '../../types.js';
import { type FieldError, type FieldPath, invalid, notSupported, required, root } from '../../validation/field.js';
import { validateLabels, validateObjectMeta, validateObjectMetaUpdate } from '../../validation/meta.js';
import { nameIsDNSSubdomain } from '../../validation/names.js';
import { defaultPodTemplateSpec } from './podspec-defaults.js';
import { validatePodTemplateSpec } from './podspec.js';
import { type Obj, clone, isObj, peek, spec, validateNonnegative } from './util.js';

function selectorMatches(selector: Record<string, unknown>, labels: Record<string, unknown>): boolean {
  return Object.entries(selector).every(([k, v]) => labels[k] === v);
}

/** ValidatePodTemplateSpecForRC. */
function validateTemplateForRC(template: unknown, selector: Record<string, unknown>, fld: FieldPath): FieldError[] {
  if (!isObj(template)) return [required(fld)];
  const errs: FieldError[] = [];
  const labels = (peek(peek(template, 'metadata'), 'labels') ?? {}) as Record<string, unknown>;
  if (Object.keys(selector).length > 0 && !selectorMatches(selector, labels)) {
    errs.push(invalid(fld.child('metadata', 'labels'), labels, '`selector` does not match template `labels`'));
  }
  errs.push(...validatePodTemplateSpec(template, fld));
  const tspec = peek(template, 'spec') ?? {};
  if (tspec.restartPolicy !== 'Always') errs.push(notSupported(fld.child('spec', 'restartPolicy'), tspec.restartPolicy ?? '', ['Always']));
  if (tspec.activeDeadlineSeconds !== undefined && tspec.activeDeadlineSeconds !== null) {
    errs.push(invalid(fld.child('spec', 'activeDeadlineSeconds'), tspec.activeDeadlineSeconds, 'must not be specified'));
  }
  return errs;
}

function validateRCSpec(o: KubeObject): FieldError[] {
  const s = spec(o);
  const fld = root('spec');
  const errs: FieldError[] = [];
  errs.push(...validateNonnegative(s.minReadySeconds, fld.child('minReadySeconds')));
  const selector = (peek(s, 'selector') ?? {}) as Record<string, string>;
  if (Object.keys(selector).length === 0) errs.push(required(fld.child('selector')));
  else errs.push(...validateLabels(selector, fld.child('selector')));
  errs.push(...validateNonnegative(s.replicas, fld.child('replicas')));
  errs.push(...validateTemplateForRC(s.template, selector, fld.child('template')));
  return errs;
}

function validateRCStatus(o: KubeObject): FieldError[] {
  const st = peek(o, 'status') ?? {};
  const fld = root('status');
  const errs: FieldError[] = [];
  for (const f of ['replicas', 'fullyLabeledReplicas', 'readyReplicas', 'availableReplicas', 'observedGeneration']) {
    errs.push(...validateNonnegative(st[f], fld.child(f)));
  }
  const n = (k: string): number => (typeof st[k] === 'number' ? (st[k] as number) : 0);
  if (n('fullyLabeledReplicas') > n('replicas')) {
    errs.push(invalid(fld.child('fullyLabeledReplicas'), n('fullyLabeledReplicas'), 'cannot be greater than status.replicas'));
  }
  if (n('readyReplicas') > n('replicas')) errs.push(invalid(fld.child('readyReplicas'), n('readyReplicas'), 'cannot be greater than status.replicas'));
  if (n('availableReplicas') > n('replicas')) {
    errs.push(invalid(fld.child('availableReplicas'), n('availableReplicas'), 'cannot be greater than status.replicas'));
  }
  if (n('availableReplicas') > n('readyReplicas')) {
    errs.push(invalid(fld.child('availableReplicas'), n('availableReplicas'), 'cannot be greater than readyReplicas'));
  }
  return errs;
}

export const replicationControllerStrategy: Strategy = {
  defaults(obj) {
    const s = spec(obj);
    const labels = peek(peek(s.template, 'metadata'), 'labels');
    if (labels && Object.keys(labels).length > 0) {
      if (!isObj(s.selector) || Object.keys(s.selector).length === 0) s.selector = clone(labels);
      const meta = (obj.metadata ??= {});
      if (!meta.labels || Object.keys(meta.labels).length === 0) meta.labels = clone(labels) as Record<string, string>;
    }
    if (s.replicas === undefined || s.replicas === null) s.replicas = 1;
    defaultPodTemplateSpec(s.template);
  },
  prepareForCreate(obj) {
    // ReplicationControllerStatus.replicas has no omitempty.
    obj.status = { replicas: 0 };
  },
  validate(obj) {
    return [...validateObjectMeta(obj.metadata, true, nameIsDNSSubdomain), ...validateRCSpec(obj)];
  },
  prepareForUpdate(obj, old) {
    obj.status = { replicas: 0, ...(clone(old.status) as object) };
  },
  validateUpdate(obj, old) {
    return [...validateObjectMetaUpdate(obj.metadata, old.metadata), ...validateRCSpec(obj)];
  },
  prepareForStatusUpdate(obj, old) {
    obj.spec = clone(old.spec);
    obj.status = { replicas: 0, ...((obj.status as object | undefined) ?? {}) };
  },
  validateStatusUpdate(obj, old) {
    return [...validateObjectMetaUpdate(obj.metadata, old.metadata), ...validateRCStatus(obj)];
  },
  fieldLabels(obj) {
    const st = (obj as Obj).status;
    return { 'status.replicas': String(isObj(st) && typeof st.replicas === 'number' ? st.replicas : 0) };
  },
};
