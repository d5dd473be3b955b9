// The Strategy of one served version of a custom resource (upstream
// pkg/registry/customresource): schema defaulting, pruning of unknown fields,
// OpenAPI validation with upstream's field paths and wording (ratcheting
// unchanged values on update), list-type uniqueness, scale paths, and the
// status subresource's split between spec and status writes.
import type { KubeObject, Strategy } from '../types.js';
import type { FieldError } from '../validation/field.js';
import type { Schema } from '../schema/types.js';
import type { JSONSchemaProps, ScaleSubresource } from './types.js';
import { applyDefaults } from './defaulting.js';
import { pruneNulls, pruneObject } from './prune.js';
import { validateValue } from './schema-validate.js';
import { toFieldErrors } from './openapi-errors.js';
import { validateListSetsAndMaps } from './listtype.js';
import { finalizerWarnings, pruneMetadata, validateScaleSpec, validateScaleStatus, validateTypeMeta } from './cr-checks.js';
import { nameIsDNSSubdomain } from './names.js';
import { validateObjectMeta, validateObjectMetaUpdate } from '../validation/meta.js';
import { clone, deepEqual, goValue, isObject } from './json.js';
import { findResults } from './jsonpath.js';

export interface CustomResourceOptions {
  group: string;
  version: string;
  kind: string;
  namespaced: boolean;
  /** The version's openAPIV3Schema (undefined: nothing is known, everything but metadata is pruned). */
  schema?: JSONSchemaProps;
  /** Status subresource enabled. */
  status: boolean;
  scale?: ScaleSubresource;
  selectableFields?: string[];
}

export interface CustomResourceStrategy extends Strategy {
  /** The structural schema of this version, for patches, apply and OpenAPI. */
  schemaFor(): Schema | undefined;
  /** Unknown fields dropped by the last `defaults` call on this object (`spec.foo`, `metadata.bar`), for fieldValidation. */
  unknownFields(obj: KubeObject): string[];
  /** What upstream does when decoding a stored object: defaults, then pruning. */
  normalizeStored(obj: KubeObject): void;
}

function withoutMetadata(o: KubeObject): Record<string, unknown> {
  const { metadata: _m, ...rest } = o;
  return rest;
}

export function buildCRStrategy(opts: CustomResourceOptions): CustomResourceStrategy {
  const schema = opts.schema;
  const statusSchema = isObject(schema?.properties?.status) ? schema?.properties?.status : undefined;
  const unknown = new WeakMap<object, string[]>();

  const schemaErrors = (obj: KubeObject, old?: KubeObject): FieldError[] =>
    schema ? toFieldErrors('', validateValue(schema, obj, '', old ? { value: old } : undefined)) : [];

  const listErrors = (obj: KubeObject) => validateListSetsAndMaps('', schema, obj);

  const normalize = (obj: KubeObject): string[] => {
    applyDefaults(obj, schema);
    const paths = pruneObject(obj, schema);
    pruneNulls(obj, schema);
    return [...pruneMetadata(obj), ...paths];
  };

  return {
    schemaFor: () => schema as Schema | undefined,
    unknownFields: (obj) => unknown.get(obj) ?? [],
    normalizeStored(obj) {
      normalize(obj);
    },
    defaults(obj) {
      unknown.set(obj, normalize(obj));
    },
    prepareForCreate(obj) {
      if (opts.status) delete obj.status;
    },
    validate(obj) {
      const tm = validateTypeMeta(obj, opts.group, opts.version, opts.kind);
      if (tm.length) return tm;
      return [
        ...validateObjectMeta(obj.metadata, opts.namespaced, nameIsDNSSubdomain),
        ...schemaErrors(obj),
        ...validateScaleSpec(obj, opts.scale),
        ...validateScaleStatus(obj, opts.scale),
        ...listErrors(obj),
      ];
    },
    prepareForUpdate(obj, old) {
      if (!opts.status) return;
      if ('status' in old) obj.status = clone(old.status);
      else delete obj.status;
    },
    validateUpdate(obj, old) {
      const tm = validateTypeMeta(obj, opts.group, opts.version, opts.kind);
      if (tm.length) return tm;
      return [
        ...validateObjectMetaUpdate(obj.metadata, old.metadata),
        ...schemaErrors(obj, old),
        ...validateScaleSpec(obj, opts.scale),
        ...validateScaleStatus(obj, opts.scale),
        ...(listErrors(old).length ? [] : listErrors(obj)),
      ];
    },
    prepareForStatusUpdate(obj, old) {
      const hasStatus = 'status' in obj;
      const status = obj.status;
      const rv = obj.metadata?.resourceVersion;
      const managed = obj.metadata?.managedFields;
      for (const k of Object.keys(obj)) delete obj[k];
      Object.assign(obj, clone(old));
      if (hasStatus) obj.status = status;
      else delete obj.status;
      obj.metadata ??= {};
      if (rv !== undefined) obj.metadata.resourceVersion = rv;
      if (managed !== undefined) obj.metadata.managedFields = managed;
      else delete obj.metadata.managedFields;
    },
    validateStatusUpdate(obj, old) {
      const tm = validateTypeMeta(obj, opts.group, opts.version, opts.kind);
      if (tm.length) return tm;
      const errs: FieldError[] = validateObjectMetaUpdate(obj.metadata, old.metadata);
      if ('status' in obj && statusSchema) {
        const oldStatus = 'status' in old ? { value: old.status } : undefined;
        errs.push(...toFieldErrors('status', validateValue(statusSchema, obj.status, '', oldStatus)));
      }
      errs.push(...validateScaleStatus(obj, opts.scale));
      const newList = listErrors(obj);
      if (newList.length && !listErrors(old).length) errs.push(...newList);
      return errs;
    },
    specChanged(obj, old) {
      return !deepEqual(withoutMetadata(obj), withoutMetadata(old));
    },
    warnings(obj, old) {
      return finalizerWarnings(obj, old);
    },
    fieldLabels(obj) {
      const out: Record<string, string> = {};
      for (const path of opts.selectableFields ?? []) {
        let v: unknown;
        try {
          v = findResults(path, obj)[0];
        } catch {
          v = undefined;
        }
        out[path.replace(/^\./, '')] = v === undefined || v === null ? '' : goValue(v);
      }
      return out;
    },
  };
}
