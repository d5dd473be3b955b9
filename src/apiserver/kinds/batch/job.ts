// batch/v1 Job: upstream defaults, the generated selector and pod labels
// (controller-uid / job-name, legacy and batch.kubernetes.io/ prefixed), and
// the long list of fields that cannot change once the Job exists.
import type { KubeObject, Strategy } from '../../types.js';
import { errorString, type FieldError, type FieldPath, invalid, required, root } from '../../validation/field.js';
import { validateObjectMeta, validateObjectMetaUpdate } from '../../validation/meta.js';
import { isDNS1123Label, nameIsDNSSubdomain } from '../../validation/names.js';
import { defaultPodTemplateSpec } from '../core/podspec-defaults.js';
import { asArray, asObj, ensureObj, immutable, nonNegative, type Obj, specOf, statusHooks } from '../apps/helpers.js';
import { labelSelectorAsSelector, validateLabelSelector } from '../apps/selector.js';
import { SELECTOR_MISMATCH, templateLabels } from '../apps/workload.js';
import { validateJobSpecBody } from './jobspec.js';
import { CONTROLLER_UID_LABEL, generateSelector, JOB_NAME_LABEL, validateGeneratedSelector } from './selector.js';

export { CONTROLLER_UID_LABEL, JOB_NAME_LABEL } from './selector.js';

const MAX_INT32 = 2147483647;

const unset = (v: unknown): boolean => v === undefined || v === null;

/** SetDefaults_Job plus the pod-template defaults. */
export function defaultJob(obj: KubeObject): void {
  const spec = specOf(obj);
  if (unset(spec.completions) && unset(spec.parallelism)) {
    spec.completions = 1;
    spec.parallelism = 1;
  }
  if (unset(spec.parallelism)) spec.parallelism = 1;
  if (unset(spec.backoffLimit)) spec.backoffLimit = unset(spec.backoffLimitPerIndex) ? 6 : MAX_INT32;
  const labels = templateLabels(spec.template);
  const meta = (obj.metadata ??= {});
  if (labels && Object.keys(meta.labels ?? {}).length === 0) meta.labels = { ...labels };
  if (unset(spec.completionMode)) spec.completionMode = 'NonIndexed';
  if (unset(spec.suspend)) spec.suspend = false;
  const pfp = asObj(spec.podFailurePolicy);
  for (const r of asArray(pfp?.rules)) {
    for (const c of asArray(asObj(r)?.onPodConditions)) {
      const cond = asObj(c);
      if (cond && !cond.status) cond.status = 'True';
    }
  }
  if (unset(spec.podReplacementPolicy)) spec.podReplacementPolicy = pfp ? 'Failed' : 'TerminatingOrFailed';
  if (unset(spec.manualSelector)) spec.manualSelector = false;
  defaultPodTemplateSpec(ensureObj(spec, 'template'));
}

function validateJobSpec(spec: Obj, fld: FieldPath): FieldError[] {
  const errs = validateJobSpecBody(spec, fld);
  if (unset(spec.selector)) errs.push(required(fld.child('selector'), ''));
  else errs.push(...validateLabelSelector(spec.selector, {}, fld.child('selector')));
  const selector = labelSelectorAsSelector(spec.selector);
  const labels = templateLabels(spec.template);
  if (selector && !selector.matches(labels)) errs.push(invalid(fld.child('template', 'metadata', 'labels'), labels ?? null, SELECTOR_MISMATCH));
  return errs;
}

function validateJob(obj: KubeObject, prefixed: boolean): FieldError[] {
  const spec = asObj(obj.spec) ?? {};
  const errs = validateObjectMeta(obj.metadata, true, nameIsDNSSubdomain);
  errs.push(...validateGeneratedSelector(obj, prefixed));
  errs.push(...validateJobSpec(spec, root('spec')));
  if (spec.completionMode === 'Indexed' && typeof spec.completions === 'number' && spec.completions > 0) {
    const name = obj.metadata?.name ?? '';
    const hostname = `${name}-${spec.completions - 1}`;
    if (isDNS1123Label(hostname).length) {
      errs.push(invalid(root('metadata').child('name'), name, `will not able to create pod with invalid DNS label: ${hostname}`));
    }
  }
  return errs;
}

function validateCompletions(spec: Obj, old: Obj, fld: FieldPath): FieldError[] {
  if (spec.completionMode !== 'Indexed') return immutable(spec.completions, old.completions, fld);
  if (spec.completions === old.completions || unset(spec.completions)) return [];
  return spec.completions !== spec.parallelism ? [invalid(fld, spec.completions, 'can only be modified in tandem with spec.parallelism')] : [];
}

/** The old template with the fields a suspended, never-started Job may change replaced by the new ones. */
function mutableSchedulingBaseline(template: Obj, old: Obj): Obj {
  const base = structuredClone(old);
  const spec = ensureObj(base, 'spec');
  const next = asObj(template.spec) ?? {};
  const meta = ensureObj(base, 'metadata');
  const nextMeta = asObj(template.metadata) ?? {};
  for (const k of ['nodeSelector', 'tolerations', 'schedulingGates']) spec[k] = next[k];
  meta.labels = nextMeta.labels;
  meta.annotations = nextMeta.annotations;
  const aff = asObj(next.affinity);
  const oldAff = asObj(spec.affinity);
  if (!aff && oldAff) {
    delete oldAff.nodeAffinity;
    if (Object.keys(oldAff).length === 0) delete spec.affinity;
  } else if (aff && !oldAff) {
    spec.affinity = aff.nodeAffinity === undefined ? {} : { nodeAffinity: aff.nodeAffinity };
  } else if (aff && oldAff) {
    oldAff.nodeAffinity = aff.nodeAffinity;
  }
  return base;
}

function validateJobUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  const spec = asObj(obj.spec) ?? {};
  const oldSpec = asObj(old.spec) ?? {};
  const fld = root('spec');
  const errs = validateObjectMetaUpdate(obj.metadata, old.metadata);
  errs.push(...validateJobSpec(spec, fld));
  errs.push(...validateCompletions(spec, oldSpec, fld.child('completions')));
  errs.push(...immutable(spec.selector, oldSpec.selector, fld.child('selector')));
  const template = asObj(spec.template) ?? {};
  let oldTemplate = asObj(oldSpec.template) ?? {};
  const suspendedNeverStarted = oldSpec.suspend === true && unset(asObj(old.status)?.startTime);
  if (suspendedNeverStarted) oldTemplate = mutableSchedulingBaseline(template, oldTemplate);
  errs.push(...immutable(spec.template, oldTemplate, fld.child('template')));
  for (const k of ['completionMode', 'podFailurePolicy', 'backoffLimitPerIndex', 'managedBy', 'successPolicy']) {
    errs.push(...immutable(spec[k], oldSpec[k], fld.child(k)));
  }
  return errs;
}

function dedupe(errs: FieldError[]): FieldError[] {
  const seen = new Set<string>();
  return errs.filter((e) => {
    const key = errorString(e);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Whether the old Job's template already had both batch.kubernetes.io/ labels. */
function hadPrefixedLabels(old: KubeObject): boolean {
  const labels = templateLabels(asObj(old.spec)?.template) ?? {};
  return JOB_NAME_LABEL in labels && CONTROLLER_UID_LABEL in labels;
}

export const jobStrategy: Strategy = {
  ...statusHooks,
  defaults: defaultJob,
  prepareForCreate(obj, ctx) {
    if (asObj(obj.spec)?.manualSelector !== true) generateSelector(obj);
    statusHooks.prepareForCreate!(obj, ctx);
  },
  validate: (obj) => validateJob(obj, true),
  validateUpdate(obj, old) {
    // Upstream runs the spec checks twice here; its error aggregate drops the repeats.
    return dedupe([...validateJob(obj, hadPrefixedLabels(old)), ...validateJobUpdate(obj, old)]);
  },
  validateStatusUpdate(obj, old) {
    const status = asObj(obj.status) ?? {};
    const fld = root('status');
    return [
      ...validateObjectMetaUpdate(obj.metadata, old.metadata),
      ...['active', 'succeeded', 'failed', 'ready', 'terminating'].flatMap((k) => nonNegative(status[k], fld.child(k))),
    ];
  },
  warnings(obj, old) {
    if (old) return [];
    const msgs = isDNS1123Label(obj.metadata?.name ?? '');
    if (msgs.length === 0) return [];
    return [
      `metadata.name: this is used in Pod names and hostnames, which can result in surprising behavior; a DNS label is recommended: [${msgs.join(' ')}]`,
    ];
  },
  fieldLabels(obj) {
    const succeeded = asObj(obj.status)?.succeeded;
    return { 'status.successful': String(typeof succeeded === 'number' ? succeeded : 0) };
  },
};
