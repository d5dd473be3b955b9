import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findResults, JSONPathError } from './jsonpath.js';

const data = {
  metadata: { name: 'x', annotations: { 'example.com/a': 'b' } },
  items: [{ n: 1, t: 'a' }, { n: 2, t: 'b' }, { n: 3, t: 'a' }],
};

test('dots, brackets, indexes, slices, wildcards', () => {
  assert.deepEqual(findResults('.metadata.name', data), ['x']);
  assert.deepEqual(findResults("{.metadata.annotations['example.com/a']}", data), ['b']);
  assert.deepEqual(findResults('.items[1].n', data), [2]);
  assert.deepEqual(findResults('.items[-1].n', data), [3]);
  assert.deepEqual(findResults('.items[0:2].t', data), ['a', 'b']);
  assert.deepEqual(findResults('.items[*].n', data), [1, 2, 3]);
  assert.deepEqual(findResults('..n', data), [1, 2, 3]);
  assert.deepEqual(findResults('.nothing.here', data), []);
});

test('filters', () => {
  assert.deepEqual(findResults('.items[?(@.t=="a")].n', data), [1, 3]);
  assert.deepEqual(findResults(".items[?(@.t!='a')].n", data), [2]);
  assert.deepEqual(findResults('.items[?(@.n>1)].t', data), ['b', 'a']);
  assert.deepEqual(findResults('.items[?(@.missing)].n', data), []);
});

test('bad paths throw', () => {
  assert.throws(() => findResults('.items[', data), JSONPathError);
  assert.throws(() => findResults('items', data), JSONPathError);
});
