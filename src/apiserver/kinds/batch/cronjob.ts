// batch/v1 CronJob: schedule (standard cron syntax), timeZone (IANA names),
// concurrency policy and history limits, and a job template validated like a
// Job spec whose selector is always generated.
import type { KubeObject, Strategy } from '../../types.js';
import { type FieldError, type FieldPath, invalid, notSupported, required, root } from '../../validation/field.js';
import { validateObjectMeta, validateObjectMetaUpdate } from '../../validation/meta.js';
import { DNS1035_LABEL_MAX_LENGTH, nameIsDNSSubdomain } from '../../validation/names.js';
import { defaultPodTemplateSpec } from '../core/podspec-defaults.js';
import { asObj, ensureObj, nonNegative, type Obj, specOf, statusHooks } from '../apps/helpers.js';
import { isKnownTimeZone, parseCron } from './cron.js';
import { validateJobSpecBody } from './jobspec.js';

const CONCURRENCY = ['Allow', 'Forbid', 'Replace'];
/** The controller appends an 11-character suffix (`-<minutes>`) to Job names. */
const MAX_CRONJOB_NAME = DNS1035_LABEL_MAX_LENGTH - 11;
const TZ_COMPONENT = /^[A-Za-z.\-_0-9+]{1,14}$/;

const unset = (v: unknown): boolean => v === undefined || v === null;

export function defaultCronJob(obj: KubeObject): void {
  const spec = specOf(obj);
  if (unset(spec.concurrencyPolicy) || spec.concurrencyPolicy === '') spec.concurrencyPolicy = 'Allow';
  if (unset(spec.suspend)) spec.suspend = false;
  if (unset(spec.successfulJobsHistoryLimit)) spec.successfulJobsHistoryLimit = 3;
  if (unset(spec.failedJobsHistoryLimit)) spec.failedJobsHistoryLimit = 1;
  defaultPodTemplateSpec(ensureObj(ensureObj(ensureObj(spec, 'jobTemplate'), 'spec'), 'template'));
}

function validateSchedule(schedule: string, allowTZ: boolean, timeZone: unknown, fld: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  try {
    parseCron(schedule);
  } catch (e) {
    errs.push(invalid(fld, schedule, (e as Error).message));
  }
  if (allowTZ && schedule.includes('TZ') && !unset(timeZone)) {
    errs.push(invalid(fld, schedule, 'cannot use both timeZone field and TZ or CRON_TZ in schedule'));
  } else if (!allowTZ && schedule.includes('TZ')) {
    errs.push(invalid(fld, schedule, 'cannot use TZ or CRON_TZ in schedule, use timeZone field instead'));
  }
  return errs;
}

export function validateTimeZone(tz: unknown, fld: FieldPath): FieldError[] {
  if (unset(tz)) return [];
  const name = String(tz);
  if (name.length === 0) return [invalid(fld, name, 'timeZone must be nil or non-empty string')];
  for (const part of name.split('/')) {
    if (part === '.' || part === '..' || part.startsWith('-') || !TZ_COMPONENT.test(part)) {
      return [invalid(fld, name, `unknown time zone ${name}`)];
    }
  }
  const errs: FieldError[] = [];
  if (name.toLowerCase() === 'local') {
    errs.push(invalid(fld, name, 'timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones'));
  }
  if (!isKnownTimeZone(name)) errs.push(invalid(fld, name, `unknown time zone ${name}`));
  return errs;
}

/** ValidateJobTemplateSpec. */
function validateJobTemplate(template: Obj, fld: FieldPath): FieldError[] {
  const spec = asObj(template.spec) ?? {};
  const sf = fld.child('spec');
  const errs = validateJobSpecBody(spec, sf);
  if (!unset(spec.selector)) errs.push(invalid(sf.child('selector'), spec.selector, '`selector` will be auto-generated'));
  if (spec.manualSelector === true) errs.push(notSupported(sf.child('manualSelector'), spec.manualSelector, ['nil', 'false']));
  return errs;
}

function validateSpec(spec: Obj, oldSpec: Obj | undefined): FieldError[] {
  const fld = root('spec');
  const errs: FieldError[] = [];
  const schedule = typeof spec.schedule === 'string' ? spec.schedule : '';
  if (schedule.length === 0) errs.push(required(fld.child('schedule'), ''));
  else {
    const allowTZ = typeof oldSpec?.schedule === 'string' && oldSpec.schedule.includes('TZ');
    errs.push(...validateSchedule(schedule, allowTZ, spec.timeZone, fld.child('schedule')));
  }
  errs.push(...nonNegative(spec.startingDeadlineSeconds, fld.child('startingDeadlineSeconds')));
  if (!oldSpec || oldSpec.timeZone !== spec.timeZone) errs.push(...validateTimeZone(spec.timeZone, fld.child('timeZone')));
  const cp = spec.concurrencyPolicy;
  if (unset(cp) || cp === '') errs.push(required(fld.child('concurrencyPolicy'), ''));
  else if (!CONCURRENCY.includes(String(cp))) errs.push(notSupported(fld.child('concurrencyPolicy'), cp, CONCURRENCY));
  errs.push(...validateJobTemplate(asObj(spec.jobTemplate) ?? {}, fld.child('jobTemplate')));
  errs.push(...nonNegative(spec.successfulJobsHistoryLimit, fld.child('successfulJobsHistoryLimit')));
  errs.push(...nonNegative(spec.failedJobsHistoryLimit, fld.child('failedJobsHistoryLimit')));
  return errs;
}

export const cronJobStrategy: Strategy = {
  ...statusHooks,
  defaults: defaultCronJob,
  validate(obj) {
    const errs = [...validateObjectMeta(obj.metadata, true, nameIsDNSSubdomain), ...validateSpec(asObj(obj.spec) ?? {}, undefined)];
    const name = obj.metadata?.name ?? '';
    if (name.length > MAX_CRONJOB_NAME) errs.push(invalid(root('metadata').child('name'), name, `must be no more than ${MAX_CRONJOB_NAME} characters`));
    return errs;
  },
  validateUpdate(obj, old) {
    return [...validateObjectMetaUpdate(obj.metadata, old.metadata), ...validateSpec(asObj(obj.spec) ?? {}, asObj(old.spec) ?? {})];
  },
  validateStatusUpdate(obj, old) {
    return validateObjectMetaUpdate(obj.metadata, old.metadata);
  },
};
