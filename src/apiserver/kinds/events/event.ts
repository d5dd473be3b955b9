// events.k8s.io/v1 Event. Upstream validates the internal (core) Event, so
// error paths use the core field names (involvedObject, message, source, …)
// even for requests in events.k8s.io/v1; we keep that wording.
import type { KubeObject, Strategy } from '../../types.js';
import { type FieldError, invalid, required, root } from '../../validation/field.js';
import { validateObjectMeta, validateObjectMetaUpdate } from '../../validation/meta.js';
import { isDNS1123Subdomain, isQualifiedName, nameIsDNSSubdomain } from '../../validation/names.js';
import { asObj, asString, immutable, isNum, semanticEqual } from '../apps/helpers.js';

const LIMIT_128 = 128;
const NOTE_LIMIT = 1024;

const isZeroTime = (v: unknown): boolean => v === undefined || v === null || v === '';

/** legacyValidateEvent for an event with eventTime set (every events.k8s.io/v1 event). */
function legacyValidate(obj: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  const namespace = obj.metadata?.namespace ?? '';
  const regardingNs = asString(asObj(obj.regarding)?.namespace);
  const nsPath = root('involvedObject').child('namespace');
  if (isZeroTime(obj.eventTime)) {
    if (regardingNs === '') {
      if (namespace !== '' && namespace !== 'default') errs.push(invalid(nsPath, regardingNs, 'does not match event.namespace'));
    } else if (namespace !== regardingNs) {
      errs.push(invalid(nsPath, regardingNs, 'does not match event.namespace'));
    }
  } else {
    if (regardingNs === '' && namespace !== 'default' && namespace !== 'kube-system') {
      errs.push(invalid(nsPath, regardingNs, 'does not match event.namespace'));
    }
    const controller = asString(obj.reportingController);
    if (controller.length === 0) errs.push(required(root('reportingController'), ''));
    for (const m of isQualifiedName(controller)) errs.push(invalid(root('reportingController'), controller, m));
    const limited: Array<[string, string, number]> = [
      ['reportingInstance', 'reportingInstance', LIMIT_128],
      ['action', 'action', LIMIT_128],
      ['reason', 'reason', LIMIT_128],
    ];
    for (const [key, path, limit] of limited) {
      const v = asString(obj[key]);
      if (v.length === 0) errs.push(required(root(path), ''));
      if (v.length > limit) errs.push(invalid(root(path), '', `can have at most ${limit} characters`));
    }
    if (asString(obj.note).length > NOTE_LIMIT) errs.push(invalid(root('message'), '', `can have at most ${NOTE_LIMIT} characters`));
  }
  for (const m of isDNS1123Subdomain(namespace)) errs.push(invalid(root('namespace'), namespace, m));
  return errs;
}

function validateSeries(obj: KubeObject): FieldError[] {
  const series = asObj(obj.series);
  if (!series) return [];
  const errs: FieldError[] = [];
  if (!isNum(series.count) || series.count < 2) errs.push(invalid(root('series.count'), '', 'should be at least 2'));
  if (isZeroTime(series.lastObservedTime)) errs.push(required(root('series.lastObservedTime'), ''));
  return errs;
}

function validateCreate(obj: KubeObject): FieldError[] {
  const errs = legacyValidate(obj);
  errs.push(...validateObjectMeta(obj.metadata, true, nameIsDNSSubdomain));
  errs.push(...validateSeries(obj));
  if (isZeroTime(obj.eventTime)) errs.push(required(root('eventTime'), ''));
  if (obj.type !== 'Normal' && obj.type !== 'Warning') errs.push(invalid(root('type'), '', `has invalid value: ${asString(obj.type)}`));
  if (!isZeroTime(obj.deprecatedFirstTimestamp)) errs.push(invalid(root('firstTimestamp'), '', 'needs to be unset'));
  if (!isZeroTime(obj.deprecatedLastTimestamp)) errs.push(invalid(root('lastTimestamp'), '', 'needs to be unset'));
  if (isNum(obj.deprecatedCount) && obj.deprecatedCount !== 0) errs.push(invalid(root('count'), '', 'needs to be unset'));
  const source = asObj(obj.deprecatedSource);
  if (asString(source?.component) || asString(source?.host)) errs.push(invalid(root('source'), '', 'needs to be unset'));
  return errs;
}

/** events.k8s.io/v1 field → the core field name upstream reports for it. */
const IMMUTABLE: Array<[string, string]> = [
  ['regarding', 'involvedObject'],
  ['reason', 'reason'],
  ['note', 'message'],
  ['deprecatedSource', 'source'],
  ['deprecatedFirstTimestamp', 'firstTimestamp'],
  ['deprecatedLastTimestamp', 'lastTimestamp'],
  ['deprecatedCount', 'count'],
  ['type', 'type'],
  ['eventTime', 'eventTime'],
  ['action', 'action'],
  ['related', 'related'],
  ['reportingController', 'reportingController'],
  ['reportingInstance', 'reportingInstance'],
];

function validateUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  const errs = legacyValidate(obj);
  errs.push(...validateObjectMetaUpdate(obj.metadata, old.metadata));
  if (!semanticEqual(obj.series, old.series)) errs.push(...validateSeries(obj));
  for (const [key, path] of IMMUTABLE) errs.push(...immutable(obj[key], old[key], root(path)));
  return errs;
}

export const eventStrategy: Strategy = {
  validate: (obj) => validateCreate(obj),
  validateUpdate: (obj, old) => validateUpdate(obj, old),
  fieldLabels(obj) {
    const r = asObj(obj.regarding) ?? {};
    const labels: Record<string, string> = {
      reason: asString(obj.reason),
      reportingController: asString(obj.reportingController),
      type: asString(obj.type),
    };
    for (const k of ['kind', 'namespace', 'name', 'uid', 'apiVersion', 'resourceVersion', 'fieldPath']) labels[`regarding.${k}`] = asString(r[k]);
    return labels;
  },
};
