// A small hand-made Pod/Deployment-like schema for the strategic merge patch
// tests, in the shape of upstream's OpenAPI: `$ref`s into a definitions map,
// patch extensions on the property schemas (sometimes around an `allOf`).
import type { Definitions, Schema } from '../schema/types.js';

const ref = (name: string): Schema => ({ $ref: `#/definitions/${name}` });
const str: Schema = { type: 'string' };
const stringMap: Schema = { type: 'object', additionalProperties: str };

export const definitions: Definitions = {
  Pod: {
    type: 'object',
    properties: { apiVersion: str, kind: str, metadata: ref('ObjectMeta'), spec: ref('PodSpec') },
  },
  Deployment: {
    type: 'object',
    properties: { metadata: ref('ObjectMeta'), spec: ref('DeploymentSpec') },
  },
  ObjectMeta: {
    type: 'object',
    properties: {
      name: str,
      labels: stringMap,
      annotations: stringMap,
      finalizers: { type: 'array', items: str, 'x-kubernetes-patch-strategy': 'merge' },
      ownerReferences: {
        type: 'array',
        items: ref('OwnerReference'),
        'x-kubernetes-patch-strategy': 'merge',
        'x-kubernetes-patch-merge-key': 'uid',
      },
    },
  },
  OwnerReference: { type: 'object', properties: { uid: str, name: str, kind: str } },
  PodSpec: {
    type: 'object',
    properties: {
      containers: {
        type: 'array',
        items: ref('Container'),
        'x-kubernetes-patch-strategy': 'merge',
        'x-kubernetes-patch-merge-key': 'name',
      },
      volumes: {
        type: 'array',
        items: ref('Volume'),
        'x-kubernetes-patch-strategy': 'merge,retainKeys',
        'x-kubernetes-patch-merge-key': 'name',
      },
      tolerations: { type: 'array', items: ref('Toleration') },
      nodeSelector: stringMap,
      // Not a real PodSpec field: exercises the map-level 'replace' strategy.
      replacingItem: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true, 'x-kubernetes-patch-strategy': 'replace' },
      // Not real either: a list of lists.
      matrix: { type: 'array', items: { type: 'array', items: str }, 'x-kubernetes-patch-strategy': 'merge' },
    },
  },
  Container: {
    type: 'object',
    properties: {
      name: str,
      image: str,
      args: { type: 'array', items: str },
      ports: {
        type: 'array',
        items: ref('ContainerPort'),
        'x-kubernetes-patch-strategy': 'merge',
        'x-kubernetes-patch-merge-key': 'containerPort',
      },
      env: {
        type: 'array',
        items: ref('EnvVar'),
        'x-kubernetes-patch-strategy': 'merge',
        'x-kubernetes-patch-merge-key': 'name',
      },
      resources: { type: 'object', properties: { limits: stringMap, requests: stringMap } },
    },
  },
  ContainerPort: { type: 'object', properties: { containerPort: { type: 'integer' }, name: str, protocol: str } },
  EnvVar: { type: 'object', properties: { name: str, value: str } },
  Toleration: { type: 'object', properties: { key: str, operator: str, effect: str } },
  Volume: {
    type: 'object',
    properties: {
      name: str,
      emptyDir: { type: 'object', properties: { medium: str } },
      hostPath: { type: 'object', properties: { path: str } },
      configMap: { type: 'object', properties: { name: str } },
    },
  },
  DeploymentSpec: {
    type: 'object',
    properties: {
      replicas: { type: 'integer' },
      strategy: {
        description: 'wrapped like upstream OpenAPI v3 does for fields with their own description',
        allOf: [ref('DeploymentStrategy')],
        'x-kubernetes-patch-strategy': 'retainKeys',
      },
      template: { type: 'object', properties: { metadata: ref('ObjectMeta'), spec: ref('PodSpec') } },
    },
  },
  DeploymentStrategy: {
    type: 'object',
    properties: { type: str, rollingUpdate: { type: 'object', properties: { maxSurge: str, maxUnavailable: str } } },
  },
};

export const resolve = (s: Schema): Schema => {
  const name = (s.$ref ?? '').replace('#/definitions/', '');
  const target = definitions[name];
  if (!target) throw new Error(`unknown ref ${s.$ref}`);
  return target;
};

export const podSchema: Schema = ref('Pod');
export const deploymentSchema: Schema = ref('Deployment');
