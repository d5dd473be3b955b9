// The Strategy of apiextensions.k8s.io/v1 CustomResourceDefinition: upstream
// defaults, validation, and the status upstream's controllers would write
// (accepted names, NamesAccepted and Established conditions), set directly.
import type { KubeObject, Strategy } from '../types.js';
import type { CRDCondition, CRDVersion, CustomResourceDefinition, JSONSchemaProps } from './types.js';
import { validateCRD, validateCRDUpdate } from './crd-validation.js';
import { validateNames } from './crd-parts.js';
import { validateObjectMetaUpdate } from '../validation/meta.js';
import { isRecognizedFormat } from './formats.js';
import { clone, isObject } from './json.js';

const asCRD = (o: KubeObject) => o as CustomResourceDefinition;

function now(): string {
  return new Date().toISOString().replace(/\.\d+Z$/, 'Z');
}

export function defaultCRD(crd: CustomResourceDefinition): void {
  const spec = (crd.spec ??= {});
  const names = (spec.names ??= {});
  if (!names.singular && names.kind) names.singular = names.kind.toLowerCase();
  if (!names.listKind && names.kind) names.listKind = `${names.kind}List`;
  spec.conversion ??= { strategy: 'None' };
  const svc = spec.conversion.webhook?.clientConfig?.service;
  if (svc && svc.port === undefined) svc.port = 443;
  for (const v of spec.versions ?? []) {
    v.served ??= false;
    v.storage ??= false;
  }
  if (!crd.status?.storedVersions?.length) {
    const storage = spec.versions?.find((v) => v.storage);
    if (storage?.name) {
      crd.status ??= {};
      crd.status.storedVersions = [storage.name];
    }
  }
}

function condition(type: string, reason: string, message: string): CRDCondition {
  return { type, status: 'True', lastTransitionTime: now(), reason, message };
}

function addStorageVersion(crd: CustomResourceDefinition): void {
  const storage = crd.spec?.versions?.find((v: CRDVersion) => v.storage)?.name;
  if (!storage) return;
  const status = (crd.status ??= {});
  const stored = (status.storedVersions ??= []);
  if (!stored.includes(storage)) stored.push(storage);
}

/** What upstream's naming and establishing controllers would write once the names are free. */
function acceptNames(crd: CustomResourceDefinition): void {
  const status = (crd.status ??= {});
  status.acceptedNames = clone(crd.spec?.names ?? {});
  const conds = (status.conditions ??= []);
  const set = (c: CRDCondition) => {
    const i = conds.findIndex((x) => x.type === c.type);
    if (i < 0) conds.push(c);
    else if (conds[i].status !== c.status) conds[i] = c;
  };
  set(condition('NamesAccepted', 'NoConflicts', 'no conflicts found'));
  set(condition('Established', 'InitialNamesAccepted', 'the initial names have been accepted'));
}

function walkSchemas(crd: CustomResourceDefinition, fn: (s: JSONSchemaProps) => void): void {
  const visit = (s: JSONSchemaProps | undefined): void => {
    if (!s || typeof s !== 'object') return;
    fn(s);
    if (Array.isArray(s.items)) s.items.forEach(visit);
    else visit(s.items);
    for (const x of [...(s.allOf ?? []), ...(s.anyOf ?? []), ...(s.oneOf ?? [])]) visit(x);
    visit(s.not);
    for (const x of Object.values(s.properties ?? {})) visit(x);
    if (isObject(s.additionalProperties)) visit(s.additionalProperties as JSONSchemaProps);
  };
  for (const v of crd.spec?.versions ?? []) visit(v.schema?.openAPIV3Schema);
}

/** Upstream's create/update warnings: unrecognized formats, set lists of non-scalars. */
export function crdWarnings(crd: CustomResourceDefinition): string[] {
  const formats: string[] = [];
  const sets = new Set<string>();
  walkSchemas(crd, (s) => {
    if (s.format && !isRecognizedFormat(s.type, s.format)) formats.push(`unrecognized format "${s.format}"`);
    const items = s.items && !Array.isArray(s.items) ? s.items : undefined;
    if (s['x-kubernetes-list-type'] === 'set' && items && (items.type === 'object' || items.type === 'array')) {
      sets.add(`x-kubernetes-list-type: set for items of type "${items.type}" is not supported by server-side apply or CEL validation rules`);
    }
  });
  return [...formats, ...[...sets].sort()];
}

export const crdStrategy: Strategy = {
  defaults(obj) {
    defaultCRD(asCRD(obj));
  },
  prepareForCreate(obj) {
    const crd = asCRD(obj);
    crd.status = {};
    addStorageVersion(crd);
    acceptNames(crd);
  },
  validate(obj) {
    return validateCRD(asCRD(obj));
  },
  prepareForUpdate(obj, old) {
    const crd = asCRD(obj);
    crd.status = clone(asCRD(old).status ?? {});
    addStorageVersion(crd);
    acceptNames(crd);
  },
  validateUpdate(obj, old) {
    return validateCRDUpdate(asCRD(obj), asCRD(old));
  },
  validateStatusUpdate(obj, old) {
    return [...validateObjectMetaUpdate(obj.metadata, old.metadata), ...validateNames(asCRD(obj).status?.acceptedNames, 'status.acceptedNames')];
  },
  warnings(obj, old) {
    const now = crdWarnings(asCRD(obj));
    if (!old) return now;
    const before = new Set(crdWarnings(asCRD(old)));
    return now.filter((w) => !before.has(w));
  },
};
