// metav1.LabelSelector: validation (apimachinery's ValidateLabelSelector) and
// matching (LabelSelectorAsSelector + Matches), for the kinds that select pods.
import { type FieldError, type FieldPath, forbidden, invalid, required } from '../../validation/field.js';
import { validateLabelName, validateLabels } from '../../validation/meta.js';
import { isQualifiedName, isValidLabelValue } from '../../validation/names.js';
import { asArray, asObj, asString, type Obj } from './helpers.js';

export interface LabelSelectorOptions {
  allowInvalidLabelValueInSelector?: boolean;
}

const OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist'];

export function validateLabelSelectorRequirement(req: Obj, opts: LabelSelectorOptions, fld: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const values = asArray(req.values);
  switch (req.operator) {
    case 'In':
    case 'NotIn':
      if (values.length === 0) errs.push(required(fld.child('values'), "must be specified when `operator` is 'In' or 'NotIn'"));
      break;
    case 'Exists':
    case 'DoesNotExist':
      if (values.length > 0) errs.push(forbidden(fld.child('values'), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
      break;
    default:
      errs.push(invalid(fld.child('operator'), req.operator ?? '', 'not a valid selector operator'));
  }
  errs.push(...validateLabelName(asString(req.key), fld.child('key')));
  if (!opts.allowInvalidLabelValueInSelector) {
    values.forEach((v, i) => {
      for (const m of isValidLabelValue(asString(v))) errs.push(invalid(fld.child('values').index(i), v, m));
    });
  }
  return errs;
}

/** ValidateLabelSelector; a missing selector is fine here (callers require it when needed). */
export function validateLabelSelector(sel: unknown, opts: LabelSelectorOptions, fld: FieldPath): FieldError[] {
  const s = asObj(sel);
  if (!s) return [];
  const errs = validateLabels(asObj(s.matchLabels) as Record<string, string> | undefined, fld.child('matchLabels'));
  asArray(s.matchExpressions).forEach((e, i) => {
    errs.push(...validateLabelSelectorRequirement(asObj(e) ?? {}, opts, fld.child('matchExpressions').index(i)));
  });
  return errs;
}

/** A parsed selector, like labels.Selector. `null` selects nothing (a nil LabelSelector). */
export interface Selector {
  empty: boolean;
  matches(labels: Record<string, string> | undefined): boolean;
}

const NOTHING: Selector = { empty: false, matches: () => false };

/** LabelSelectorAsSelector: undefined when the selector cannot be converted (the conversion's error). */
export function labelSelectorAsSelector(sel: unknown): Selector | undefined {
  const s = asObj(sel);
  if (sel === undefined || sel === null) return NOTHING;
  if (!s) return undefined;
  const reqs: Array<(l: Record<string, string>) => boolean> = [];
  for (const [k, v] of Object.entries(asObj(s.matchLabels) ?? {})) {
    if (isQualifiedName(k).length || typeof v !== 'string' || isValidLabelValue(v).length) return undefined;
    reqs.push((l) => l[k] === v);
  }
  for (const e of asArray(s.matchExpressions)) {
    const r = asObj(e) ?? {};
    const key = asString(r.key);
    const values = asArray(r.values).map((v) => asString(v));
    if (!OPERATORS.includes(asString(r.operator)) || isQualifiedName(key).length) return undefined;
    switch (r.operator) {
      case 'In':
        if (values.length === 0) return undefined;
        reqs.push((l) => key in l && values.includes(l[key]!));
        break;
      case 'NotIn':
        if (values.length === 0) return undefined;
        reqs.push((l) => !(key in l) || !values.includes(l[key]!));
        break;
      case 'Exists':
        if (values.length) return undefined;
        reqs.push((l) => key in l);
        break;
      default:
        if (values.length) return undefined;
        reqs.push((l) => !(key in l));
    }
  }
  return { empty: reqs.length === 0, matches: (labels) => reqs.every((r) => r(labels ?? {})) };
}

/** Whether the selector has no requirements (`{}`); a missing selector is not empty. */
export function selectorIsEmptyObject(sel: unknown): boolean {
  const s = asObj(sel);
  return !!s && Object.keys(asObj(s.matchLabels) ?? {}).length + asArray(s.matchExpressions).length === 0;
}
