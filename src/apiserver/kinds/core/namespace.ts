// Namespace strategy (pkg/registry/core/namespace/strategy.go).
import type { KubeObject, Strategy } from '../../types.js';
import { type FieldError, invalid, root } from '../../validation/field.js';
import { validateKubeFinalizerName, validateObjectMeta, validateObjectMetaUpdate, validateNamespaceName } from '../../validation/meta.js';
import { isQualifiedName } from '../../validation/names.js';
import { clone, peek, spec, str, dropGeneration } from './util.js';

export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

function validateSpecFinalizers(o: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  const fld = root('spec').child('finalizers');
  const list = peek(o, 'spec')?.finalizers;
  if (!Array.isArray(list)) return errs;
  list.forEach((f, i) => {
    const name = String(f);
    for (const m of isQualifiedName(name)) errs.push(invalid(fld, name, m));
    errs.push(...validateKubeFinalizerName(name, fld.index(i)));
  });
  return errs;
}

export const namespaceStrategy: Strategy = {
  defaults(obj) {
    const meta = (obj.metadata ??= {});
    if (meta.name) meta.labels = { ...(meta.labels ?? {}), [NAMESPACE_NAME_LABEL]: meta.name };
    const status = peek(obj, 'status');
    if (status && !status.phase) status.phase = 'Active';
  },
  prepareForCreate(obj) {
    dropGeneration(obj);
    obj.status = { phase: 'Active' };
    const s = spec(obj);
    const finalizers = Array.isArray(s.finalizers) ? (s.finalizers as string[]) : [];
    if (!finalizers.includes('kubernetes')) s.finalizers = [...finalizers, 'kubernetes'];
  },
  validate(obj) {
    return [...validateObjectMeta(obj.metadata, false, validateNamespaceName), ...validateSpecFinalizers(obj)];
  },
  prepareForUpdate(obj, old) {
    // spec.finalizers only change through the finalize subresource.
    const s = spec(obj);
    s.finalizers = clone(peek(old, 'spec')?.finalizers);
    if (s.finalizers === undefined) delete s.finalizers;
    obj.status = clone(old.status);
  },
  validateUpdate(obj, old) {
    return [...validateObjectMetaUpdate(obj.metadata, old.metadata), ...validateSpecFinalizers(obj)];
  },
  prepareForStatusUpdate(obj, old) {
    obj.spec = clone(old.spec);
  },
  validateStatusUpdate(obj, old) {
    const errs = validateObjectMetaUpdate(obj.metadata, old.metadata);
    const phase = str(peek(obj, 'status')?.phase);
    const fld = root('status').child('Phase');
    if (!obj.metadata?.deletionTimestamp) {
      if (phase !== 'Active') errs.push(invalid(fld, phase, "may only be 'Active' if `deletionTimestamp` is empty"));
    } else if (phase !== 'Terminating') {
      errs.push(invalid(fld, phase, "may only be 'Terminating' if `deletionTimestamp` is not empty"));
    }
    return errs;
  },
  fieldLabels(obj) {
    return { 'status.phase': str(peek(obj, 'status')?.phase) };
  },
};
