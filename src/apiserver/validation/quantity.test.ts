import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareQuantities, isValidQuantity, parseQuantity, QuantityParseError } from './quantity.js';

test('parses decimal, binary and exponent suffixes', () => {
  assert.equal(parseQuantity('100m'), 0.1);
  assert.equal(parseQuantity('1Gi'), 2 ** 30);
  assert.equal(parseQuantity('1e3'), 1000);
  assert.equal(parseQuantity('0.5'), 0.5);
  assert.equal(parseQuantity('2k'), 2000);
  assert.equal(parseQuantity('1.5Mi'), 1.5 * 2 ** 20);
  assert.equal(parseQuantity('-1'), -1);
  assert.equal(parseQuantity('+3'), 3);
  assert.equal(parseQuantity('.5'), 0.5);
  assert.equal(parseQuantity('5.'), 5);
  assert.equal(parseQuantity('1E-3'), 0.001);
  assert.equal(parseQuantity(7), 7);
});

test('rejects malformed quantities', () => {
  for (const bad of ['', '1K', 'abc', '1Gb', ' 1', '1 ', '1e', '1.2.3', 'Gi', '--1']) {
    assert.equal(isValidQuantity(bad), false, bad);
  }
  assert.throws(() => parseQuantity('1K'), QuantityParseError);
});

test('compares across suffixes', () => {
  assert.equal(compareQuantities('500m', '1'), -1);
  assert.equal(compareQuantities('1Gi', '1G'), 1);
  assert.equal(compareQuantities('1000m', '1'), 0);
});
