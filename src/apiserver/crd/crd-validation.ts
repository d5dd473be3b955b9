// Validation of a CustomResourceDefinition (upstream
// pkg/apis/apiextensions/validation). Error paths follow the internal API
// upstream validates: per-version schemas, subresources and printer columns
// that are identical in every version are reported at spec.validation,
// spec.subresources and spec.additionalPrinterColumns, as upstream's v1
// conversion hoists them there.
import type { CRDSubresources, CRDVersion, CustomResourceDefinition, JSONSchemaProps, PrinterColumn } from './types.js';
import { invalid, required, type FieldError } from '../validation/field.js';
import { isDNS1035Label, isDNS1123Subdomain, nameIsDNSSubdomain } from './names.js';
import { validateObjectMeta, validateObjectMetaUpdate } from '../validation/meta.js';
import { deprecationWarningErrors, validateColumn, validateConversion, validateNames, validateSubresources } from './crd-parts.js';
import { validateCRDSchema } from './crd-schema.js';
import { validateSelectableFields } from './selectable.js';
import { deepEqual } from './json.js';

const approvalAnnotation = 'api-approved.kubernetes.io';

/** Per-version fields as upstream's internal version sees them after hoisting identical values. */
export interface SpecView {
  schema?: JSONSchemaProps;
  schemaHoisted: boolean;
  subresources?: CRDSubresources;
  subresourcesHoisted: boolean;
  columns: PrinterColumn[];
  columnsHoisted: boolean;
  selectable: Array<{ jsonPath?: string }>;
  selectableHoisted: boolean;
}

function sameAcross<T>(versions: CRDVersion[], get: (v: CRDVersion) => T, norm: (x: T) => unknown): boolean {
  if (versions.length === 0) return false;
  const first = norm(get(versions[0]));
  return versions.every((v) => deepEqual(norm(get(v)), first));
}

const emptyToUndef = (x: unknown) => (Array.isArray(x) && x.length === 0 ? undefined : x);

export function specView(versions: CRDVersion[]): SpecView {
  const schemaHoisted = sameAcross(versions, (v) => v.schema, (x) => x);
  const subresourcesHoisted = sameAcross(versions, (v) => v.subresources, (x) => x);
  const columnsHoisted = sameAcross(versions, (v) => v.additionalPrinterColumns, emptyToUndef);
  const selectableHoisted = sameAcross(versions, (v) => v.selectableFields, emptyToUndef);
  const v0 = versions[0] ?? {};
  return {
    schema: schemaHoisted ? v0.schema?.openAPIV3Schema : undefined,
    schemaHoisted,
    subresources: subresourcesHoisted ? v0.subresources : undefined,
    subresourcesHoisted,
    columns: columnsHoisted ? v0.additionalPrinterColumns ?? [] : [],
    columnsHoisted,
    selectable: selectableHoisted ? v0.selectableFields ?? [] : [],
    selectableHoisted,
  };
}

const statusOn = (s: CRDSubresources | undefined) => s?.status !== undefined && s.status !== null;

function validateVersion(v: CRDVersion, i: number, view: SpecView, errs: FieldError[]): void {
  const p = `spec.versions[${i}]`;
  for (const e of deprecationWarningErrors(!!v.deprecated, v.deprecationWarning)) errs.push(invalid(`${p}.deprecationWarning`, v.deprecationWarning, e));
  const subs = view.subresourcesHoisted ? view.subresources : v.subresources;
  if (!view.schemaHoisted) errs.push(...validateCRDSchema(v.schema?.openAPIV3Schema, statusOn(subs), `${p}.schema`));
  if (!view.subresourcesHoisted) errs.push(...validateSubresources(v.subresources, `${p}.subresources`));
  if (!view.columnsHoisted) (v.additionalPrinterColumns ?? []).forEach((c, j) => errs.push(...validateColumn(c, `${p}.additionalPrinterColumns[${j}]`)));
  if (!view.selectableHoisted && v.selectableFields?.length) {
    errs.push(...validateSelectableFields(v.selectableFields, v.schema?.openAPIV3Schema, `${p}.selectableFields`));
  }
}

export function validateSpec(crd: CustomResourceDefinition): FieldError[] {
  const spec = crd.spec ?? {};
  const errs: FieldError[] = [];
  const group = spec.group ?? '';
  if (!group) errs.push(required('spec.group', ''));
  else if (isDNS1123Subdomain(group).length) errs.push(invalid('spec.group', group, isDNS1123Subdomain(group).join(',')));
  else if (group.split('.').length < 2) errs.push(invalid('spec.group', group, 'should be a domain with at least one dot'));
  const scope = spec.scope ?? '';
  if (!scope) errs.push(required('spec.scope', ''));
  else if (scope !== 'Cluster' && scope !== 'Namespaced') errs.push({ type: 'FieldValueNotSupported', field: 'spec.scope', badValue: scope, detail: 'supported values: "Cluster", "Namespaced"' });
  const versions = spec.versions ?? [];
  const view = specView(versions);
  if (!view.schema) {
    versions.forEach((v, i) => {
      if (!v.schema?.openAPIV3Schema) errs.push(required(`spec.versions[${i}].schema.openAPIV3Schema`, ''));
    });
  }
  const seen = new Set<string>();
  let unique = true;
  let storage = 0;
  versions.forEach((v, i) => {
    if (v.storage) storage++;
    const name = v.name ?? '';
    if (seen.has(name)) unique = false;
    seen.add(name);
    const e = isDNS1035Label(name);
    if (e.length) errs.push(invalid(`spec.versions[${i}].name`, name, e.join(',')));
    validateVersion(v, i, view, errs);
  });
  if (!unique) errs.push(invalid('spec.versions', versions, 'must contain unique version names'));
  if (storage !== 1) errs.push(invalid('spec.versions', versions, 'must have exactly one version marked as storage version'));
  const names = spec.names ?? {};
  for (const f of ['plural', 'singular', 'kind', 'listKind'] as const) if (!names[f]) errs.push(required(`spec.names.${f}`, ''));
  errs.push(...validateNames(names, 'spec.names'));
  const anyStatus = statusOn(view.subresources) || versions.some((v) => statusOn(v.subresources));
  errs.push(...validateCRDSchema(view.schema, anyStatus, 'spec.validation'));
  errs.push(...validateSubresources(view.subresources, 'spec.subresources'));
  view.columns.forEach((c, j) => errs.push(...validateColumn(c, `spec.additionalPrinterColumns[${j}]`)));
  if (view.selectable.length) errs.push(...validateSelectableFields(view.selectable, view.schema, 'spec.selectableFields'));
  if (spec.conversion && spec.conversion.strategy !== 'None' && spec.preserveUnknownFields) {
    errs.push(invalid('spec.conversion.strategy', spec.conversion.strategy, 'must be None if spec.preserveUnknownFields is true'));
  }
  errs.push(...validateConversion(spec.conversion, 'spec.conversion'));
  return errs;
}

export function validateStoredVersions(stored: string[] | undefined, versions: CRDVersion[]): FieldError[] {
  const p = 'status.storedVersions';
  if (!stored || stored.length === 0) return [invalid(p, stored ?? [], 'must have at least one stored version')];
  const errs: FieldError[] = [];
  const left = new Map(stored.map((v, i) => [v, i]));
  for (const v of versions) {
    const name = v.name ?? '';
    if (v.storage && !left.has(name)) errs.push(invalid(p, stored, `must have the storage version ${name}`));
    left.delete(name);
  }
  for (const [v, i] of left) {
    errs.push(invalid(`${p}[${i}]`, v, `missing from spec.versions; ${v} was previously a storage version, and must remain in spec.versions until a storage migration ensures no data remains persisted in ${v} and removes ${v} from status.storedVersions`));
  }
  return errs;
}

function isProtectedGroup(g: string): boolean {
  return g === 'k8s.io' || g.endsWith('.k8s.io') || g === 'kubernetes.io' || g.endsWith('.kubernetes.io');
}

type Approval = 'approved' | 'bypassed' | 'missing' | 'invalid';

function approvalState(annotations: Record<string, string> | undefined): [Approval, string] {
  const a = annotations?.[approvalAnnotation] ?? '';
  if (!a) return ['missing', `protected groups must have approval annotation "${approvalAnnotation}", see https://github.com/kubernetes/enhancements/pull/1111`];
  if (a.startsWith('unapproved')) return ['bypassed', `not approved: "${a}"`];
  if (/^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^/\s]+/.test(a)) return ['approved', `approved in ${a}`];
  return ['invalid', `protected groups must have approval annotation "${approvalAnnotation}" with either a URL or a reason starting with "unapproved", see https://github.com/kubernetes/enhancements/pull/1111`];
}

function validateApproval(crd: CustomResourceDefinition, old?: CustomResourceDefinition): FieldError[] {
  if (!isProtectedGroup(crd.spec?.group ?? '')) return [];
  const [state, reason] = approvalState(crd.metadata?.annotations);
  if (old && approvalState(old.metadata?.annotations)[0] === state) return [];
  const p = `metadata.annotations[${approvalAnnotation}]`;
  if (state === 'missing') return [required(p, reason)];
  if (state === 'invalid') return [invalid(p, crd.metadata?.annotations?.[approvalAnnotation] ?? '', reason)];
  return [];
}

function validatePreserveUnknownFields(crd: CustomResourceDefinition, old?: CustomResourceDefinition): FieldError[] {
  if (old?.spec?.preserveUnknownFields) return [];
  if (!crd.spec?.preserveUnknownFields) return [];
  return [invalid('spec.preserveUnknownFields', true, 'cannot set to true, set x-kubernetes-preserve-unknown-fields to true in spec.versions[*].schema instead')];
}

export function validateCRD(crd: CustomResourceDefinition): FieldError[] {
  const spec = crd.spec ?? {};
  const expected = `${spec.names?.plural ?? ''}.${spec.group ?? ''}`;
  const errs = validateObjectMeta(crd.metadata, false, (name, prefix) => {
    const out = nameIsDNSSubdomain(name, prefix);
    if (name !== expected) out.push('must be spec.names.plural+"."+spec.group');
    return out;
  });
  errs.push(...validateSpec(crd));
  errs.push(...validateNames(crd.status?.acceptedNames, 'status.acceptedNames'));
  errs.push(...validateStoredVersions(crd.status?.storedVersions, spec.versions ?? []));
  errs.push(...validateApproval(crd));
  errs.push(...validatePreserveUnknownFields(crd));
  return errs;
}

function immutable(p: string, now: unknown, before: unknown): FieldError[] {
  return deepEqual(now ?? '', before ?? '') ? [] : [invalid(p, now ?? '', 'field is immutable')];
}

export function isEstablished(crd: CustomResourceDefinition): boolean {
  return !!crd.status?.conditions?.some((c) => c.type === 'Established' && c.status === 'True');
}

export function validateCRDUpdate(crd: CustomResourceDefinition, old: CustomResourceDefinition): FieldError[] {
  const spec = crd.spec ?? {};
  const oldSpec = old.spec ?? {};
  const errs = validateObjectMetaUpdate(crd.metadata, old.metadata);
  errs.push(...validateSpec(crd));
  if (isEstablished(old)) {
    errs.push(...immutable('spec.scope', spec.scope, oldSpec.scope));
    errs.push(...immutable('spec.names.kind', spec.names?.kind, oldSpec.names?.kind));
  }
  errs.push(...immutable('spec.group', spec.group, oldSpec.group));
  errs.push(...immutable('spec.names.plural', spec.names?.plural, oldSpec.names?.plural));
  errs.push(...validateNames(crd.status?.acceptedNames, 'status.acceptedNames'));
  errs.push(...validateStoredVersions(crd.status?.storedVersions, spec.versions ?? []));
  errs.push(...validateApproval(crd, old));
  errs.push(...validatePreserveUnknownFields(crd, old));
  return errs;
}
