// A minimal namespaced kind for the registry's unit tests.
import type { ResourceDef } from '../types.js';

export const testConfigMapDef: ResourceDef = {
  group: '',
  version: 'v1',
  kind: 'ConfigMap',
  listKind: 'ConfigMapList',
  plural: 'configmaps',
  singular: 'configmap',
  namespaced: true,
  verbs: [],
  strategy: { validate: () => [] },
};
