// Object metadata validation shaped like apimachinery's ValidateObjectMeta plus
// core's kube-finalizer check: names (per-kind validator), generateName,
// namespace, labels, annotations, finalizers and ownerReferences.
import type { ObjectMeta, OwnerReference } from '../types.js';
import { type FieldError, type FieldPath, forbidden, invalid, required, root, tooLong } from './field.js';
import { isQualifiedName, isValidLabelValue, nameIsDNSLabel, type NameValidator } from './names.js';

export { type NameValidator } from './names.js';

/** 256 KiB: the total size of all annotation keys and values. */
export const TOTAL_ANNOTATION_SIZE_LIMIT_B = 256 * 1024;

/** Finalizer names that need no domain prefix. */
export const STANDARD_FINALIZERS = new Set(['kubernetes', 'orphan', 'foregroundDeletion']);

export const validateNamespaceName: NameValidator = nameIsDNSLabel;

export function validateLabelName(name: string, fld: FieldPath): FieldError[] {
  return isQualifiedName(name).map((m) => invalid(fld, name, m));
}

export function validateLabels(labels: Record<string, string> | undefined, fld: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  for (const [k, v] of Object.entries(labels ?? {})) {
    errs.push(...validateLabelName(k, fld));
    if (typeof v !== 'string') {
      errs.push(invalid(fld, v, 'must be a string'));
      continue;
    }
    for (const m of isValidLabelValue(v)) errs.push(invalid(fld, v, m));
  }
  return errs;
}

export function annotationsSize(annotations: Record<string, string> | undefined): number {
  let n = 0;
  for (const [k, v] of Object.entries(annotations ?? {})) n += Buffer.byteLength(k) + Buffer.byteLength(String(v));
  return n;
}

export function validateAnnotations(annotations: Record<string, string> | undefined, fld: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  for (const k of Object.keys(annotations ?? {})) {
    // Annotation keys are qualified names, case-insensitively.
    for (const m of isQualifiedName(k.toLowerCase())) errs.push(invalid(fld, k, m));
  }
  if (annotationsSize(annotations) > TOTAL_ANNOTATION_SIZE_LIMIT_B) errs.push(tooLong(fld, '', TOTAL_ANNOTATION_SIZE_LIMIT_B));
  return errs;
}

/** apimachinery's ValidateFinalizers (qualified names; orphan vs foregroundDeletion). */
export function validateFinalizers(finalizers: string[] | undefined, fld: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const list = finalizers ?? [];
  for (const f of list) for (const m of isQualifiedName(f)) errs.push(invalid(fld, f, m));
  if (list.includes('orphan') && list.includes('foregroundDeletion')) {
    errs.push(invalid(fld, list, 'finalizer orphan and foregroundDeletion cannot be both set'));
  }
  return errs;
}

/** core's extra rule: a finalizer without '/' must be one of the standard ones. */
export function validateKubeFinalizerName(name: string, fld: FieldPath): FieldError[] {
  if (name.split('/').length === 1 && !STANDARD_FINALIZERS.has(name)) {
    return [invalid(fld, name, 'name is neither a standard finalizer name nor is it fully qualified')];
  }
  return [];
}

function splitAPIVersion(apiVersion: string): { group: string; version: string } {
  const parts = apiVersion.split('/');
  if (parts.length === 1) return { group: '', version: parts[0] };
  if (parts.length === 2) return { group: parts[0], version: parts[1] };
  return { group: '', version: '' };
}

/** Kinds that may never own other objects (group/version/kind). */
const bannedOwners = new Set(['/v1, Kind=Event']);

export function validateOwnerReferences(refs: OwnerReference[] | undefined, fld: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  let firstController = '';
  for (const ref of refs ?? []) {
    const { group, version } = splitAPIVersion(ref.apiVersion ?? '');
    if (!version) errs.push(invalid(fld.child('apiVersion'), ref.apiVersion ?? '', 'version must not be empty'));
    if (!ref.kind) errs.push(invalid(fld.child('kind'), ref.kind ?? '', 'kind must not be empty'));
    if (!ref.name) errs.push(invalid(fld.child('name'), ref.name ?? '', 'name must not be empty'));
    if (!ref.uid) errs.push(invalid(fld.child('uid'), ref.uid ?? '', 'uid must not be empty'));
    const gvk = `${group}/${version}, Kind=${ref.kind ?? ''}`;
    if (bannedOwners.has(gvk)) errs.push(invalid(fld, ref, `${gvk} is disallowed from being an owner`));
    if (ref.controller === true) {
      const cur = `${ref.kind}/${ref.name}`;
      if (firstController) {
        errs.push(
          invalid(
            fld,
            refs,
            `Only one reference can have Controller set to true. Found "true" in references for ${firstController} and ${cur}`,
          ),
        );
      } else {
        firstController = cur;
      }
    }
  }
  return errs;
}

function validateNonNegative(value: unknown, fld: FieldPath): FieldError[] {
  return typeof value === 'number' && value < 0 ? [invalid(fld, value, 'must be greater than or equal to 0')] : [];
}

/** The parts of metadata validated on both create and update. */
function validateMetaCommon(meta: ObjectMeta, fld: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  errs.push(...validateNonNegative(meta.generation, fld.child('generation')));
  errs.push(...validateLabels(meta.labels, fld.child('labels')));
  errs.push(...validateAnnotations(meta.annotations, fld.child('annotations')));
  errs.push(...validateOwnerReferences(meta.ownerReferences, fld.child('ownerReferences')));
  errs.push(...validateFinalizers(meta.finalizers, fld.child('finalizers')));
  (meta.finalizers ?? []).forEach((f, i) => errs.push(...validateKubeFinalizerName(f, fld.child('finalizers').index(i))));
  return errs;
}

/**
 * Core's ValidateObjectMeta: `namespaced` says whether the kind lives in a
 * namespace; `nameFn` is the kind's name rule (nameIsDNSSubdomain for most).
 */
export function validateObjectMeta(
  meta: ObjectMeta | undefined,
  namespaced: boolean,
  nameFn: NameValidator,
  fld: FieldPath = root('metadata'),
): FieldError[] {
  const m = meta ?? {};
  const errs: FieldError[] = [];
  if (m.generateName) {
    for (const msg of nameFn(m.generateName, true)) errs.push(invalid(fld.child('generateName'), m.generateName, msg));
  }
  if (!m.name) {
    errs.push(required(fld.child('name'), 'name or generateName is required'));
  } else {
    for (const msg of nameFn(m.name, false)) errs.push(invalid(fld.child('name'), m.name, msg));
  }
  if (namespaced) {
    if (!m.namespace) errs.push(required(fld.child('namespace')));
    else for (const msg of validateNamespaceName(m.namespace, false)) errs.push(invalid(fld.child('namespace'), m.namespace, msg));
  } else if (m.namespace) {
    errs.push(forbidden(fld.child('namespace'), 'not allowed on this type'));
  }
  errs.push(...validateMetaCommon(m, fld));
  return errs;
}

/**
 * Metadata rules on update (labels, annotations, finalizers, owners again;
 * no new finalizers once deletion started). Name/namespace/uid/creationTimestamp
 * immutability is the generic store's job.
 */
export function validateObjectMetaUpdate(
  meta: ObjectMeta | undefined,
  old: ObjectMeta | undefined,
  fld: FieldPath = root('metadata'),
): FieldError[] {
  const m = meta ?? {};
  const errs = validateMetaCommon(m, fld);
  if (old?.deletionTimestamp) {
    const before = new Set(old.finalizers ?? []);
    const extra = (m.finalizers ?? []).filter((f) => !before.has(f));
    if (extra.length > 0) {
      errs.push(
        forbidden(
          fld.child('finalizers'),
          `no new finalizers can be added if the object is being deleted, found new finalizers []string{${extra.map((f) => JSON.stringify(f)).join(', ')}}`,
        ),
      );
    }
  }
  return errs;
}
