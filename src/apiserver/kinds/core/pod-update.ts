// Pod update rules (core validation's ValidatePodUpdate): only a few spec
// fields may change once a pod exists.
import { type FieldError, type FieldPath, forbidden, invalid, root } from '../../validation/field.js';
import { type Obj, clone, deepEqual, isObj, list } from './util.js';

export const POD_UPDATE_MESSAGE =
  'pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)';

/** Which top-level spec fields differ (a readable stand-in for upstream's cmp.Diff). */
function describeDiff(oldSpec: Obj, newSpec: Obj): string {
  const keys = new Set([...Object.keys(oldSpec), ...Object.keys(newSpec)]);
  const lines: string[] = [];
  for (const k of [...keys].sort()) {
    if (deepEqual(oldSpec[k], newSpec[k])) continue;
    lines.push(`- ${k}: ${JSON.stringify(oldSpec[k] ?? null)}`, `+ ${k}: ${JSON.stringify(newSpec[k] ?? null)}`);
  }
  return lines.join('\n');
}

function validateActiveDeadline(newV: unknown, oldV: unknown, fld: FieldPath): FieldError[] {
  if (typeof oldV !== 'number') return [];
  if (typeof newV !== 'number') return [invalid(fld, newV ?? null, 'must not update from a positive integer to nil value')];
  if (newV > oldV) return [invalid(fld, newV, 'must be less than or equal to previous value')];
  return [];
}

/** Old tolerations must all still be there (only tolerationSeconds of NoExecute ones may shrink). */
function validateOnlyAddedTolerations(newTols: Obj[], oldTols: Obj[], fld: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  for (const old of oldTols) {
    const same = newTols.some((t) => {
      const a = { ...t, tolerationSeconds: undefined };
      const b = { ...old, tolerationSeconds: undefined };
      if (!deepEqual(a, b)) return false;
      if (old.tolerationSeconds === undefined || old.tolerationSeconds === null) return t.tolerationSeconds === old.tolerationSeconds;
      return typeof t.tolerationSeconds === 'number' && t.tolerationSeconds <= (old.tolerationSeconds as number);
    });
    if (!same) errs.push(forbidden(fld, 'existing toleration can not be modified except its tolerationSeconds'));
  }
  return errs;
}

/** Spec-level rules of ValidatePodUpdate; metadata is validated separately. */
export function validatePodSpecUpdate(newSpec: Obj, oldSpec: Obj, fld: FieldPath = root('spec')): FieldError[] {
  const errs: FieldError[] = [];
  errs.push(...validateActiveDeadline(newSpec.activeDeadlineSeconds, oldSpec.activeDeadlineSeconds, fld.child('activeDeadlineSeconds')));
  errs.push(...validateOnlyAddedTolerations(list(newSpec, 'tolerations'), list(oldSpec, 'tolerations'), fld.child('tolerations')));
  const newContainers = list(newSpec, 'containers');
  const oldContainers = list(oldSpec, 'containers');
  if (newContainers.length !== oldContainers.length) {
    errs.push(forbidden(fld.child('containers'), 'pod updates may not add or remove containers'));
    return errs;
  }
  // Copy the mutable fields from new onto a copy of old; any remaining difference is forbidden.
  const munged = clone(newSpec);
  const setImages = (key: string): void => {
    const target = list(munged, key);
    const olds = list(oldSpec, key);
    target.forEach((c, i) => {
      if (isObj(olds[i]) && 'image' in olds[i]) c.image = olds[i].image;
    });
  };
  setImages('containers');
  setImages('initContainers');
  munged.activeDeadlineSeconds = oldSpec.activeDeadlineSeconds;
  munged.tolerations = oldSpec.tolerations;
  const oldGrace = oldSpec.terminationGracePeriodSeconds;
  if (typeof oldGrace === 'number' && oldGrace < 0 && munged.terminationGracePeriodSeconds === 1) {
    munged.terminationGracePeriodSeconds = oldGrace;
  }
  // Scheduling gates may only be removed.
  const oldGates = list(oldSpec, 'schedulingGates').map((g) => g.name);
  const newGates = list(newSpec, 'schedulingGates').map((g) => g.name);
  if (newGates.every((g) => oldGates.includes(g))) munged.schedulingGates = oldSpec.schedulingGates;
  // nodeName may be set once by the scheduler (binding), never changed after.
  if (!oldSpec.nodeName && typeof newSpec.nodeName === 'string') munged.nodeName = oldSpec.nodeName;
  for (const k of Object.keys(munged)) if (munged[k] === undefined) delete munged[k];
  if (!deepEqual(munged, oldSpec)) {
    errs.push(forbidden(fld, `${POD_UPDATE_MESSAGE}\n${describeDiff(oldSpec, munged)}`));
  }
  return errs;
}
