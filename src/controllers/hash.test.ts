import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalJson, computeHash } from './hash.js';

test('canonical JSON sorts keys and leaves out undefined members; dropEmpty also drops null, {} and []', () => {
  assert.equal(canonicalJson({ b: 1, a: [undefined, null], c: undefined }), '{"a":[null,null],"b":1}');
  assert.equal(canonicalJson({ b: 1, a: [], d: {}, e: null }, true), '{"b":1}');
  assert.equal(canonicalJson({}, true), undefined);
});

test('the collision count changes the hash; 4 and 8 count bytes give different hashes', () => {
  const t = { spec: { containers: [{ name: 'c', image: 'x' }] } };
  assert.match(computeHash(t), /^[bcdfghjklmnpqrstvwxz2456789]+$/);
  assert.notEqual(computeHash(t, 1), computeHash(t));
  assert.notEqual(computeHash(t, 1, { countBytes: 8 }), computeHash(t, 1));
  assert.equal(computeHash(t, 1), computeHash({ spec: { containers: [{ image: 'x', name: 'c' }] } }, 1), 'key order does not matter');
});
