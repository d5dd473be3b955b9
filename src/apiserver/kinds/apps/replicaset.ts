// apps/v1 ReplicaSet.
import type { KubeObject, Strategy } from '../../types.js';
import { type FieldError, type FieldPath, root } from '../../validation/field.js';
import { validateObjectMeta, validateObjectMetaUpdate } from '../../validation/meta.js';
import { nameIsDNSSubdomain } from '../../validation/names.js';
import { defaultPodTemplateSpec } from '../core/podspec-defaults.js';
import { asObj, ensureObj, immutable, nonNegative, type Obj, specOf, statusHooksFor } from './helpers.js';

/** ReplicaSetStatus.replicas has no omitempty. */
const statusHooks = statusHooksFor({ replicas: 0 });
import { validateReplicaStatus, validateRequiredSelector, validateTemplateForReplicaSet } from './workload.js';

export function validateReplicaSetSpec(spec: Obj, fld: FieldPath): FieldError[] {
  return [
    ...nonNegative(spec.replicas, fld.child('replicas')),
    ...nonNegative(spec.minReadySeconds, fld.child('minReadySeconds')),
    // Upstream words the empty-selector error for ReplicaSets this way too.
    ...validateRequiredSelector(spec, 'deployment', fld),
    ...validateTemplateForReplicaSet(spec, 'ReplicaSet', fld),
  ];
}

function validateStatus(obj: KubeObject): FieldError[] {
  const status = asObj(obj.status) ?? {};
  return validateReplicaStatus(status, ['fullyLabeledReplicas', 'readyReplicas', 'availableReplicas'], root('status'), 'cannot be greater than readyReplicas');
}

export const replicaSetStrategy: Strategy = {
  ...statusHooks,
  defaults(obj) {
    const spec = specOf(obj);
    if (spec.replicas === undefined || spec.replicas === null) spec.replicas = 1;
    defaultPodTemplateSpec(ensureObj(spec, 'template'));
  },
  validate(obj) {
    return [...validateObjectMeta(obj.metadata, true, nameIsDNSSubdomain), ...validateReplicaSetSpec(asObj(obj.spec) ?? {}, root('spec'))];
  },
  validateUpdate(obj, old) {
    const spec = asObj(obj.spec) ?? {};
    return [
      ...validateObjectMetaUpdate(obj.metadata, old.metadata),
      ...validateReplicaSetSpec(spec, root('spec')),
      ...immutable(spec.selector, asObj(old.spec)?.selector, root('spec').child('selector')),
    ];
  },
  validateStatusUpdate(obj, old) {
    return [...validateObjectMetaUpdate(obj.metadata, old.metadata), ...validateStatus(obj)];
  },
  fieldLabels(obj) {
    const replicas = asObj(obj.status)?.replicas;
    return { 'status.replicas': String(typeof replicas === 'number' ? replicas : 0) };
  },
};
