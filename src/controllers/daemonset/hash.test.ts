import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalJson, computeHash, fnv32a, safeEncode } from './hash.js';

test('fnv32a matches the reference vectors', () => {
  const enc = (s: string) => new TextEncoder().encode(s);
  assert.equal(fnv32a(enc('')), 0x811c9dc5);
  assert.equal(fnv32a(enc('a')), 0xe40c292c);
  assert.equal(fnv32a(enc('foobar')), 0xbf9cf968);
});

test('canonicalJson sorts keys at every level', () => {
  assert.equal(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: 'x' } }), '{"a":{"c":"x","d":[1,{"y":2,"z":1}]},"b":1}');
});

test('hashes are stable, key-order independent, vowel-free and change with the collision count', () => {
  const t1 = { metadata: { labels: { app: 'x' } }, spec: { containers: [{ name: 'c', image: 'i' }] } };
  const t2 = { spec: { containers: [{ image: 'i', name: 'c' }] }, metadata: { labels: { app: 'x' } } };
  assert.equal(computeHash(t1), computeHash(t2));
  assert.match(computeHash(t1), /^[bcdfghjklmnpqrstvwxz2456789]+$/);
  assert.notEqual(computeHash(t1), computeHash(t1, 1));
  assert.notEqual(computeHash(t1, 1), computeHash(t1, 2));
  assert.equal(safeEncode('0123'), '4567', 'digit d maps to alphabet[(48 + d) % 27]');
});
