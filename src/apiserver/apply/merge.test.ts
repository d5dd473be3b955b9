import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FieldSet } from './fieldset.js';
import { mergeApplied, removeItems } from './merge.js';
import { fieldPE as f, keyPE, valuePE } from './path-element.js';
import { deploymentSchema, resolveTestRef } from './testdata.js';

const containers = (list: unknown[]) => ({ spec: { template: { spec: { containers: list } } } });
const merge = (l: unknown, r: unknown) => mergeApplied(l, r, deploymentSchema, resolveTestRef);

describe('mergeApplied', () => {
  it('merges list-map items by key, keeping live-only items in place', () => {
    const live = containers([
      { name: 'a', image: 'a:1', args: ['x'] },
      { name: 'b', image: 'b:1' },
      { name: 'c', image: 'c:1' },
    ]);
    const out = merge(live, containers([{ name: 'c', image: 'c:2' }, { name: 'a', args: ['y'] }])) as ReturnType<typeof containers>;
    assert.deepEqual(out.spec.template.spec.containers, [
      { name: 'b', image: 'b:1' },
      { name: 'c', image: 'c:2' },
      { name: 'a', image: 'a:1', args: ['y'] },
    ]);
    const appended = merge(live, containers([{ name: 'a' }, { name: 'x', image: 'x' }, { name: 'b' }])) as ReturnType<typeof containers>;
    assert.deepEqual(
      appended.spec.template.spec.containers.map((c) => (c as { name: string }).name),
      ['a', 'x', 'b', 'c'],
    );
  });

  it('unions sets, replaces atomic lists and maps, removes nulls', () => {
    const live = { metadata: { finalizers: ['a', 'b'], labels: { x: '1', y: '2' } }, spec: { selector: { matchLabels: { a: '1' } }, replicas: 3 } };
    const out = merge(live, { metadata: { finalizers: ['c', 'a'], labels: { y: null, z: '3' } }, spec: { selector: { matchLabels: { b: '2' } }, replicas: null } });
    assert.deepEqual(out, {
      metadata: { finalizers: ['c', 'a', 'b'], labels: { x: '1', z: '3' } },
      spec: { selector: { matchLabels: { b: '2' } } },
    });
    assert.deepEqual(live.metadata.labels, { x: '1', y: '2' }, 'inputs are not mutated');
  });
});

describe('removeItems', () => {
  it('removes fields, whole list items and set values; drops emptied maps', () => {
    const obj = {
      metadata: { labels: { a: '1' }, finalizers: ['x', 'y'] },
      spec: { replicas: 1, template: { spec: { containers: [{ name: 'a', image: 'i' }, { name: 'b', image: 'j' }] } } },
    };
    const cpath = [f('spec'), f('template'), f('spec'), f('containers')];
    const out = removeItems(
      obj,
      FieldSet.of(
        [f('metadata'), f('labels'), f('a')],
        [f('metadata'), f('finalizers'), valuePE('y')],
        [f('spec'), f('replicas')],
        [...cpath, keyPE({ name: 'a' })],
        [...cpath, keyPE({ name: 'b' }), f('image')],
        [...cpath, keyPE({ name: 'b' }), f('name')], // key fields of a kept item stay
      ),
      deploymentSchema,
      resolveTestRef,
    );
    assert.deepEqual(out, { metadata: { finalizers: ['x'] }, spec: { template: { spec: { containers: [{ name: 'b' }] } } } });
  });
});
