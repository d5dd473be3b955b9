// Small hand-made schemas for the apply tests (a Deployment-like and a
// ConfigMap-like kind), using the same extensions as the generated ones.
import type { Schema } from '../schema/types.js';
import type { SchemaResolver } from './schema-nav.js';

const str: Schema = { type: 'string' };
const int: Schema = { type: 'integer' };
const stringMap: Schema = { type: 'object', additionalProperties: str };

const definitions: Record<string, Schema> = {
  ObjectMeta: {
    type: 'object',
    properties: {
      name: str,
      namespace: str,
      uid: str,
      resourceVersion: str,
      generation: int,
      creationTimestamp: str,
      labels: stringMap,
      annotations: stringMap,
      finalizers: { type: 'array', items: str, 'x-kubernetes-patch-strategy': 'merge', 'x-kubernetes-list-type': 'set' },
      managedFields: { type: 'array', items: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
    },
  },
  Port: {
    type: 'object',
    required: ['containerPort'],
    properties: { containerPort: int, name: str, protocol: { type: 'string', default: 'TCP' } },
  },
  Container: {
    type: 'object',
    required: ['name'],
    properties: {
      name: str,
      image: str,
      args: { type: 'array', items: str }, // atomic (no list type, no merge strategy)
      ports: {
        type: 'array',
        items: { $ref: '#/definitions/Port' },
        'x-kubernetes-list-type': 'map',
        'x-kubernetes-list-map-keys': ['containerPort', 'protocol'],
      },
      resources: {
        type: 'object',
        properties: { limits: { type: 'object', additionalProperties: { 'x-kubernetes-int-or-string': true } } },
      },
    },
  },
};

export const resolveTestRef: SchemaResolver = (ref) => definitions[ref.replace('#/definitions/', '')];

export const deploymentSchema: Schema = {
  type: 'object',
  properties: {
    apiVersion: str,
    kind: str,
    metadata: { allOf: [{ $ref: '#/definitions/ObjectMeta' }] },
    spec: {
      type: 'object',
      properties: {
        replicas: int,
        paused: { type: 'boolean' },
        selector: { type: 'object', 'x-kubernetes-map-type': 'atomic', properties: { matchLabels: stringMap } },
        strategy: {
          type: 'object',
          properties: { type: str, rollingUpdate: { type: 'object', properties: { maxSurge: { 'x-kubernetes-int-or-string': true } } } },
        },
        template: {
          type: 'object',
          properties: {
            metadata: { $ref: '#/definitions/ObjectMeta' },
            spec: {
              type: 'object',
              properties: {
                containers: {
                  type: 'array',
                  items: { $ref: '#/definitions/Container' },
                  // Built-in style: no list type, merge strategy + key.
                  'x-kubernetes-patch-strategy': 'merge',
                  'x-kubernetes-patch-merge-key': 'name',
                },
              },
            },
          },
        },
      },
    },
    status: { type: 'object', properties: { replicas: int, observedGeneration: int } },
  },
};

export const configMapSchema: Schema = {
  type: 'object',
  properties: {
    apiVersion: str,
    kind: str,
    metadata: { $ref: '#/definitions/ObjectMeta' },
    data: stringMap,
  },
};
