import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fieldsOf } from './fields-of.js';
import { AssociativeListError } from './schema-nav.js';
import { deploymentSchema, resolveTestRef } from './testdata.js';

const fieldsV1 = (obj: unknown): unknown => fieldsOf(obj, deploymentSchema, resolveTestRef).toFieldsV1();

describe('fieldsOf', () => {
  it('lists leaves, list-map items (as members with "."), set items and atomic values', () => {
    const applied = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', labels: { app: 'web' }, finalizers: ['a/b'] },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: 'web' } },
        template: {
          spec: {
            containers: [{ name: 'nginx', image: 'nginx:1', args: ['-g', 'x'], ports: [{ containerPort: 80 }] }],
          },
        },
      },
    };
    assert.deepEqual(fieldsV1(applied), {
      'f:apiVersion': {},
      'f:kind': {},
      'f:metadata': { 'f:finalizers': { 'v:"a/b"': {} }, 'f:labels': { 'f:app': {} }, 'f:name': {} },
      'f:spec': {
        'f:replicas': {},
        'f:selector': {},
        'f:template': {
          'f:spec': {
            'f:containers': {
              'k:{"name":"nginx"}': {
                '.': {},
                'f:args': {},
                'f:image': {},
                'f:name': {},
                // protocol comes from the key field's schema default
                'f:ports': { 'k:{"containerPort":80,"protocol":"TCP"}': { '.': {}, 'f:containerPort': {} } },
              },
            },
          },
        },
      },
    });
  });

  it('owns null and empty-map fields as members, not empty granular lists', () => {
    assert.deepEqual(fieldsV1({ spec: { strategy: {}, paused: null, template: { spec: { containers: [] } } } }), {
      'f:spec': { 'f:paused': {}, 'f:strategy': {} },
    });
  });

  it('deduces unknown parts: nested undeclared maps are members with children', () => {
    assert.deepEqual(fieldsOf({ a: { b: 1, c: [1, 2] } }, undefined).toFieldsV1(), {
      'f:a': { 'f:b': {}, 'f:c': {}, '.': {} },
    });
  });

  it('rejects list-map items without their key', () => {
    assert.throws(() => fieldsV1({ spec: { template: { spec: { containers: [{ image: 'x' }] } } } }), AssociativeListError);
  });
});
