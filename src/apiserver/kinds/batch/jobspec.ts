// JobSpec validation shared by Jobs and CronJob job templates (batch's
// validateJobSpec): counts, completion modes, failure/success policies,
// the pod template and its restartPolicy.
import { type FieldError, type FieldPath, invalid, notSupported, required, tooLong, tooMany } from '../../validation/field.js';
import { validatePodTemplateSpec } from '../core/podspec.js';
import { asArray, asObj, asString, isNum, nonNegative, type Obj } from '../apps/helpers.js';
import { validateDomainPrefixedPath } from '../networking/refs.js';

const MAX_PARALLELISM_INDEXED = 100_000;
const MAX_FAILED_INDEXES = 100_000;
const COMPLETIONS_SOFT_LIMIT = 100_000;
const PARALLELISM_LIMIT_HIGH_COMPLETIONS = 10_000;
const MAX_FAILED_INDEXES_HIGH_COMPLETIONS = 10_000;
const MAX_POD_FAILURE_POLICY_RULES = 20;
const MAX_ON_EXIT_CODES_VALUES = 255;
const MAX_ON_POD_CONDITIONS = 20;
const MAX_SUCCESS_POLICY_RULES = 20;
const MAX_MANAGED_BY_LENGTH = 63;
const POD_FAILURE_ACTIONS = ['Count', 'FailIndex', 'FailJob', 'Ignore'];
const REPLACEMENT_POLICIES = ['Failed', 'TerminatingOrFailed'];

const has = (o: Obj, k: string): boolean => o[k] !== undefined && o[k] !== null;

function validatePodFailurePolicy(spec: Obj, policy: Obj, fld: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const rules = asArray(policy.rules);
  const rp = fld.child('rules');
  if (rules.length > MAX_POD_FAILURE_POLICY_RULES) errs.push(tooMany(rp, rules.length, MAX_POD_FAILURE_POLICY_RULES));
  rules.forEach((r, i) => {
    const rule = asObj(r) ?? {};
    const f = rp.index(i);
    if (!POD_FAILURE_ACTIONS.includes(asString(rule.action))) errs.push(notSupported(f.child('action'), rule.action ?? '', POD_FAILURE_ACTIONS));
    if (rule.action === 'FailIndex' && !has(spec, 'backoffLimitPerIndex')) {
      errs.push(invalid(f.child('action'), rule.action, 'requires the backoffLimitPerIndex to be set'));
    }
    const exit = asObj(rule.onExitCodes);
    const conds = asArray(rule.onPodConditions);
    if (exit && has(rule, 'onPodConditions')) {
      errs.push(invalid(f, '', 'specifying both OnExitCodes and OnPodConditions is not supported'));
    } else if (!exit && !has(rule, 'onPodConditions')) {
      errs.push(invalid(f, '', 'specifying one of OnExitCodes and OnPodConditions is required'));
    }
    if (exit) {
      const ef = f.child('onExitCodes');
      if (exit.operator !== 'In' && exit.operator !== 'NotIn') errs.push(notSupported(ef.child('operator'), exit.operator ?? '', ['In', 'NotIn']));
      const values = asArray(exit.values);
      if (values.length === 0) errs.push(required(ef.child('values'), 'at least one value is required'));
      else if (values.length > MAX_ON_EXIT_CODES_VALUES) errs.push(tooMany(ef.child('values'), values.length, MAX_ON_EXIT_CODES_VALUES));
      values.forEach((v, j) => {
        if (exit.operator === 'In' && v === 0) errs.push(invalid(ef.child('values').index(j), v, "must not be 0 for the In operator"));
        if (j > 0 && isNum(v) && isNum(values[j - 1]) && v <= (values[j - 1] as number)) {
          errs.push(invalid(ef.child('values').index(j), v, 'must be ordered'));
        }
      });
    }
    if (conds.length > MAX_ON_POD_CONDITIONS) errs.push(tooMany(f.child('onPodConditions'), conds.length, MAX_ON_POD_CONDITIONS));
    conds.forEach((c, j) => {
      const cond = asObj(c) ?? {};
      const cf = f.child('onPodConditions').index(j);
      if (!['True', 'False', 'Unknown'].includes(asString(cond.status))) {
        errs.push(notSupported(cf.child('status'), cond.status ?? '', ['False', 'True', 'Unknown']));
      }
      if (!asString(cond.type)) errs.push(required(cf.child('type'), ''));
    });
  });
  return errs;
}

function validateSuccessPolicy(spec: Obj, policy: Obj, fld: FieldPath): FieldError[] {
  const rules = asArray(policy.rules);
  const rp = fld.child('rules');
  if (rules.length === 0) return [required(rp, 'at least one rules must be specified when the successPolicy is specified')];
  if (rules.length > MAX_SUCCESS_POLICY_RULES) return [tooMany(rp, rules.length, MAX_SUCCESS_POLICY_RULES)];
  const errs: FieldError[] = [];
  rules.forEach((r, i) => {
    const rule = asObj(r) ?? {};
    const f = rp.index(i);
    if (!has(rule, 'succeededIndexes') && !has(rule, 'succeededCount')) {
      errs.push(required(f, 'at least one of succeededCount or succeededIndexes must be specified'));
    }
    if (has(rule, 'succeededCount')) {
      const n = rule.succeededCount;
      if (isNum(n) && n < 0) errs.push(invalid(f.child('succeededCount'), n, 'must be greater than or equal to 0'));
      if (isNum(n) && isNum(spec.completions) && n > spec.completions) {
        errs.push(invalid(f.child('succeededCount'), n, `must be less than or equal to ${spec.completions} (the number of specified completions)`));
      }
    }
  });
  return errs;
}

/** batch's validateJobSpec: everything but the selector. */
export function validateJobSpecBody(spec: Obj, fld: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  for (const k of ['parallelism', 'completions', 'activeDeadlineSeconds', 'backoffLimit', 'ttlSecondsAfterFinished', 'backoffLimitPerIndex']) {
    errs.push(...nonNegative(spec[k], fld.child(k)));
  }
  if (has(spec, 'maxFailedIndexes')) {
    errs.push(...nonNegative(spec.maxFailedIndexes, fld.child('maxFailedIndexes')));
    if (!has(spec, 'backoffLimitPerIndex')) errs.push(required(fld.child('backoffLimitPerIndex'), 'when maxFailedIndexes is specified'));
  }
  if (has(spec, 'managedBy')) {
    const by = asString(spec.managedBy);
    errs.push(...validateDomainPrefixedPath(by, fld.child('managedBy')));
    if (by.length > MAX_MANAGED_BY_LENGTH) errs.push(tooLong(fld.child('managedBy'), by, MAX_MANAGED_BY_LENGTH));
  }
  const mode = spec.completionMode;
  const completions = isNum(spec.completions) ? spec.completions : undefined;
  const parallelism = isNum(spec.parallelism) ? spec.parallelism : undefined;
  const maxFailed = isNum(spec.maxFailedIndexes) ? spec.maxFailedIndexes : undefined;
  if (has(spec, 'completionMode')) {
    if (mode !== 'NonIndexed' && mode !== 'Indexed') errs.push(notSupported(fld.child('completionMode'), mode, ['NonIndexed', 'Indexed']));
    if (mode === 'Indexed') {
      if (!has(spec, 'completions')) errs.push(required(fld.child('completions'), 'when completion mode is Indexed'));
      if (parallelism !== undefined && parallelism > MAX_PARALLELISM_INDEXED) {
        errs.push(invalid(fld.child('parallelism'), parallelism, `must be less than or equal to ${MAX_PARALLELISM_INDEXED} when completion mode is Indexed`));
      }
      if (completions !== undefined && maxFailed !== undefined && maxFailed > completions) {
        errs.push(invalid(fld.child('maxFailedIndexes'), maxFailed, 'must be less than or equal to completions'));
      }
      if (maxFailed !== undefined && maxFailed > MAX_FAILED_INDEXES) {
        errs.push(invalid(fld.child('maxFailedIndexes'), maxFailed, `must be less than or equal to ${MAX_FAILED_INDEXES}`));
      }
      if (completions !== undefined && completions > COMPLETIONS_SOFT_LIMIT && has(spec, 'backoffLimitPerIndex')) {
        const suffix = `when completions are above ${COMPLETIONS_SOFT_LIMIT} and used with backoff limit per index`;
        if (maxFailed === undefined) errs.push(required(fld.child('maxFailedIndexes'), `must be specified when completions is above ${COMPLETIONS_SOFT_LIMIT}`));
        if (parallelism !== undefined && parallelism > PARALLELISM_LIMIT_HIGH_COMPLETIONS) {
          errs.push(invalid(fld.child('parallelism'), parallelism, `must be less than or equal to ${PARALLELISM_LIMIT_HIGH_COMPLETIONS} ${suffix}`));
        }
        if (maxFailed !== undefined && maxFailed > MAX_FAILED_INDEXES_HIGH_COMPLETIONS) {
          errs.push(invalid(fld.child('maxFailedIndexes'), maxFailed, `must be less than or equal to ${MAX_FAILED_INDEXES_HIGH_COMPLETIONS} ${suffix}`));
        }
      }
    }
  }
  if (!has(spec, 'completionMode') || mode === 'NonIndexed') {
    if (has(spec, 'backoffLimitPerIndex')) errs.push(invalid(fld.child('backoffLimitPerIndex'), spec.backoffLimitPerIndex, 'requires indexed completion mode'));
    if (has(spec, 'maxFailedIndexes')) errs.push(invalid(fld.child('maxFailedIndexes'), spec.maxFailedIndexes, 'requires indexed completion mode'));
  }
  const pfp = asObj(spec.podFailurePolicy);
  if (pfp) errs.push(...validatePodFailurePolicy(spec, pfp, fld.child('podFailurePolicy')));
  const sp = asObj(spec.successPolicy);
  if (sp) {
    if (mode !== 'Indexed') errs.push(invalid(fld.child('successPolicy'), sp, 'requires indexed completion mode'));
    else errs.push(...validateSuccessPolicy(spec, sp, fld.child('successPolicy')));
  }
  if (has(spec, 'podReplacementPolicy')) {
    const rp = spec.podReplacementPolicy;
    if (pfp) {
      if (rp !== 'Failed') errs.push(notSupported(fld.child('podReplacementPolicy'), rp, ['Failed']));
    } else if (!REPLACEMENT_POLICIES.includes(asString(rp))) {
      errs.push(notSupported(fld.child('podReplacementPolicy'), rp, REPLACEMENT_POLICIES));
    }
  }
  const tf = fld.child('template');
  errs.push(...validatePodTemplateSpec(spec.template, tf));
  const restart = asObj(asObj(spec.template)?.spec)?.restartPolicy;
  const rf = tf.child('spec', 'restartPolicy');
  if (restart === 'Always' || restart === undefined || restart === null || restart === '') {
    errs.push(required(rf, 'valid values: "OnFailure", "Never"'));
  } else if (restart !== 'OnFailure' && restart !== 'Never') {
    errs.push(notSupported(rf, restart, ['OnFailure', 'Never']));
  } else if (pfp && restart !== 'Never') {
    errs.push(invalid(rf, restart, 'only "Never" is supported when podFailurePolicy is specified'));
  }
  return errs;
}
