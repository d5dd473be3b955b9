// Checks of custom resources besides the schema: type meta, scale paths
// (upstream customResourceValidator), unknown metadata fields, finalizer warnings.
import type { KubeObject } from '../types.js';
import { invalid, type FieldError } from '../validation/field.js';
import type { ScaleSubresource } from './types.js';
import { goValue, isObject, jsonKind } from './json.js';

export function validateTypeMeta(obj: KubeObject, group: string, version: string, kind: string): FieldError[] {
  const errs: FieldError[] = [];
  const gv = group ? `${group}/${version}` : version;
  if (obj.kind !== kind) errs.push(invalid('kind', obj.kind ?? '', `must be ${kind}`));
  if (obj.apiVersion !== gv) errs.push(invalid('apiVersion', obj.apiVersion ?? '', `must be ${gv}`));
  return errs;
}

function goType(v: unknown): string {
  switch (jsonKind(v)) {
    case 'string':
      return 'string';
    case 'integer':
      return 'int64';
    case 'number':
      return 'float64';
    case 'boolean':
      return 'bool';
    case 'array':
      return '[]interface {}';
    case 'object':
      return 'map[string]interface {}';
    default:
      return '<nil>';
  }
}

/** unstructured.NestedInt64/NestedString: [value, error message]. */
function nested(obj: unknown, path: string, want: 'int64' | 'string'): [unknown, string | undefined] {
  const fields = path.replace(/^\./, '').split('.');
  const jp = `.${fields.join('.')}`;
  let cur: unknown = obj;
  for (let i = 0; i < fields.length; i++) {
    if (!isObject(cur)) return [undefined, `${jp} accessor error: ${goValue(cur)} is of the type ${goType(cur)}, expected map[string]interface{}`];
    if (!(fields[i] in cur)) return [undefined, undefined];
    cur = cur[fields[i]];
  }
  if (cur === null || cur === undefined) return [undefined, undefined];
  const ok = want === 'int64' ? jsonKind(cur) === 'integer' : typeof cur === 'string';
  if (!ok) return [undefined, `${jp} accessor error: ${goValue(cur)} is of the type ${goType(cur)}, expected ${want}`];
  return [cur, undefined];
}

function replicasErrors(obj: KubeObject, path: string): FieldError[] {
  const [v, err] = nested(obj, path, 'int64');
  if (err) return [invalid(path, 0, err)];
  const n = (v as number | undefined) ?? 0;
  if (n < 0) return [invalid(path, n, 'should be a non-negative integer')];
  if (n > 2147483647) return [invalid(path, n, 'should be less than or equal to 2147483647')];
  return [];
}

export function validateScaleSpec(obj: KubeObject, scale: ScaleSubresource | undefined): FieldError[] {
  if (!scale?.specReplicasPath) return [];
  return replicasErrors(obj, scale.specReplicasPath);
}

export function validateScaleStatus(obj: KubeObject, scale: ScaleSubresource | undefined): FieldError[] {
  if (!scale) return [];
  const errs = scale.statusReplicasPath ? replicasErrors(obj, scale.statusReplicasPath) : [];
  if (scale.labelSelectorPath) {
    const [, err] = nested(obj, scale.labelSelectorPath, 'string');
    if (err) errs.push(invalid(scale.labelSelectorPath, '', err));
  }
  return errs;
}

const objectMetaFields = new Set([
  'name', 'generateName', 'namespace', 'selfLink', 'uid', 'resourceVersion', 'generation', 'creationTimestamp',
  'deletionTimestamp', 'deletionGracePeriodSeconds', 'labels', 'annotations', 'ownerReferences', 'finalizers', 'managedFields',
]);

/** Drops metadata fields ObjectMeta does not have; returns their paths (`metadata.foo`). */
export function pruneMetadata(obj: KubeObject): string[] {
  const md = obj.metadata;
  if (!isObject(md)) return [];
  const out: string[] = [];
  for (const k of Object.keys(md)) {
    if (!objectMetaFields.has(k)) {
      out.push(`metadata.${k}`);
      delete md[k];
    }
  }
  return out;
}

const standardFinalizers = new Set(['orphan', 'foregroundDeletion', 'kubernetes']);

/** Warnings for newly added finalizers that are not domain-qualified. */
export function finalizerWarnings(obj: KubeObject, old: KubeObject | undefined): string[] {
  const before = new Set(old?.metadata?.finalizers ?? []);
  const added = [...new Set(obj.metadata?.finalizers ?? [])].filter((f) => !before.has(f)).sort();
  const out: string[] = [];
  for (const f of added) {
    if (f.includes('/') || standardFinalizers.has(f)) continue;
    out.push(
      f.includes('.')
        ? `metadata.finalizers: "${f}": prefer a domain-qualified finalizer name including a path (/) to avoid accidental conflicts with other finalizer writers`
        : `metadata.finalizers: "${f}": prefer a domain-qualified finalizer name to avoid accidental conflicts with other finalizer writers`,
    );
  }
  return out;
}
