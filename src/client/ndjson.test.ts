import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NdjsonDecodeError, NdjsonSplitter } from './ndjson.js';

test('splits values across chunk boundaries, including multi-byte characters', () => {
  const got: unknown[] = [];
  const s = new NdjsonSplitter((v) => got.push(v));
  const bytes = Buffer.from('{"a":1}\n{"b":"é"}\n\n{"c":3}');
  s.push(bytes.subarray(0, 3));
  s.push(bytes.subarray(3, 15)); // cuts the two-byte é
  s.push(bytes.subarray(15));
  assert.deepEqual(got, [{ a: 1 }, { b: 'é' }]);
  s.end();
  assert.deepEqual(got, [{ a: 1 }, { b: 'é' }, { c: 3 }]);
});

test('a malformed line raises NdjsonDecodeError', () => {
  const s = new NdjsonSplitter(() => {});
  assert.throws(() => s.push('{nope}\n'), NdjsonDecodeError);
});
