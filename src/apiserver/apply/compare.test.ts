import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compareObjects } from './compare.js';
import { deploymentSchema, resolveTestRef } from './testdata.js';

const cmp = (a: unknown, b: unknown) => {
  const c = compareObjects(a, b, deploymentSchema, resolveTestRef);
  return { added: c.added.toFieldsV1(), modified: c.modified.toFieldsV1(), removed: c.removed.toFieldsV1() };
};

describe('compareObjects', () => {
  it('reports modified leaves and added/removed nodes with their leaves', () => {
    const before = {
      spec: { replicas: 1, template: { spec: { containers: [{ name: 'a', image: 'x' }, { name: 'b', image: 'y' }] } } },
    };
    const after = {
      metadata: { labels: { app: 'web' } },
      spec: { replicas: 2, template: { spec: { containers: [{ name: 'a', image: 'x' }, { name: 'c', image: 'z' }] } } },
    };
    const c = cmp(before, after);
    assert.deepEqual(c.modified, { 'f:spec': { 'f:replicas': {} } });
    assert.deepEqual(c.added, {
      'f:metadata': { 'f:labels': { 'f:app': {}, '.': {} }, '.': {} },
      'f:spec': { 'f:template': { 'f:spec': { 'f:containers': { 'k:{"name":"c"}': { 'f:image': {}, 'f:name': {}, '.': {} } } } } },
    });
    assert.deepEqual(c.removed, {
      'f:spec': { 'f:template': { 'f:spec': { 'f:containers': { 'k:{"name":"b"}': { 'f:image': {}, 'f:name': {}, '.': {} } } } } },
    });
  });

  it('treats atomic values as leaves and empty containers as leaves', () => {
    const c = cmp({ spec: { selector: { matchLabels: { a: '1' } } } }, { spec: { selector: { matchLabels: { a: '2' } }, strategy: {} } });
    assert.deepEqual(c.modified, { 'f:spec': { 'f:selector': {} } });
    assert.deepEqual(c.added, { 'f:spec': { 'f:strategy': {} } });
  });

  it('finds nothing between equal objects', () => {
    const obj = { metadata: { finalizers: ['a', 'b'] }, spec: { replicas: 3 } };
    const c = cmp(obj, structuredClone(obj));
    assert.deepEqual(c, { added: {}, modified: {}, removed: {} });
  });
});
