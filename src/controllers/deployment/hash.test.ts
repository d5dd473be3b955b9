import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalJson, computeHash, fnv32a, safeEncodeString } from './hash.js';

test('fnv32a matches the reference vectors', () => {
  assert.equal(fnv32a(new Uint8Array()), 0x811c9dc5);
  assert.equal(fnv32a(Buffer.from('a')), 0xe40c292c);
  assert.equal(fnv32a(Buffer.from('foobar')), 0xbf9cf968);
});

test('safeEncodeString maps each byte into the alphabet', () => {
  // '0' is byte 48 → 48 % 27 = 21 → '4'; '9' is 57 → 3 → 'f' (real hashes use only 4-9 and b, c, d, f).
  assert.equal(safeEncodeString('0'), '4');
  assert.equal(safeEncodeString('9'), 'f');
  assert.equal(safeEncodeString('1234567890'), '56789bcdf4');
});

test('canonical JSON ignores key order and empty values', () => {
  assert.equal(canonicalJson({ b: 1, a: { y: [], x: 'v' }, c: null }), '{"a":{"x":"v"},"b":1}');
  assert.equal(canonicalJson({ a: 1, b: {} }), canonicalJson({ b: undefined, a: 1 }));
});

test('computeHash is stable, template-sensitive and collision-count-sensitive', () => {
  const t1 = { metadata: { labels: { app: 'x' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } };
  const t1b = { spec: { containers: [{ image: 'nginx', name: 'c' }] }, metadata: { labels: { app: 'x' } } };
  const t2 = { metadata: { labels: { app: 'x' } }, spec: { containers: [{ name: 'c', image: 'nginx:2' }] } };
  const h = computeHash(t1);
  assert.match(h, /^[4-9bcdf]{1,10}$/);
  assert.equal(computeHash(t1b), h);
  assert.notEqual(computeHash(t2), h);
  assert.notEqual(computeHash(t1, 1), h);
  assert.notEqual(computeHash(t1, 1), computeHash(t1, 2));
  assert.equal(computeHash(t1, 0), computeHash(t1, 0));
});
