// Tolerations (pods) and taints (nodes) validation.
import { type FieldError, type FieldPath, duplicate, invalid, notSupported, required } from '../../validation/field.js';
import { validateLabelName } from '../../validation/meta.js';
import { isValidLabelValue } from '../../validation/names.js';
import { type Obj, str } from './util.js';

export const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

export function validateTaintEffect(effect: unknown, allowEmpty: boolean, fld: FieldPath): FieldError[] {
  const e = str(effect);
  if (!e) return allowEmpty ? [] : [required(fld)];
  return TAINT_EFFECTS.includes(e) ? [] : [notSupported(fld, e, TAINT_EFFECTS)];
}

export function validateTolerations(tolerations: Obj[], fld: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  tolerations.forEach((t, i) => {
    const p = fld.index(i);
    const key = str(t.key);
    const op = str(t.operator);
    const value = str(t.value);
    if (key) errs.push(...validateLabelName(key, p.child('key')));
    if (!key && op !== 'Exists') {
      errs.push(invalid(p.child('operator'), op, 'operator must be Exists when `key` is empty, which means "match all values and all keys"'));
    }
    if (t.tolerationSeconds !== undefined && t.tolerationSeconds !== null && t.effect !== 'NoExecute') {
      errs.push(invalid(p.child('effect'), t.effect ?? '', "effect must be 'NoExecute' when `tolerationSeconds` is set"));
    }
    if (op === '' || op === 'Equal') {
      for (const m of isValidLabelValue(value)) errs.push(invalid(p.child('operator'), value, m));
    } else if (op === 'Exists') {
      if (value) errs.push(invalid(p.child('operator'), value, "value must be empty when `operator` is 'Exists'"));
    } else {
      errs.push(notSupported(p.child('operator'), op, ['Equal', 'Exists']));
    }
    errs.push(...validateTaintEffect(t.effect, true, p.child('effect')));
  });
  return errs;
}

export function validateTaints(taints: Obj[], fld: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  taints.forEach((t, i) => {
    const p = fld.index(i);
    const key = str(t.key);
    errs.push(...validateLabelName(key, p.child('key')));
    for (const m of isValidLabelValue(str(t.value))) errs.push(invalid(p.child('value'), t.value, m));
    errs.push(...validateTaintEffect(t.effect, false, p.child('effect')));
    const id = `${str(t.effect)}\u0000${key}`;
    if (seen.has(id)) {
      const d = duplicate(p, t);
      d.detail = 'taints must be unique by key and effect pair';
      errs.push(d);
    }
    seen.add(id);
  });
  return errs;
}
