import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fieldwiseMedian, median } from './aggregate.js';

test('median of odd and even counts', () => {
  assert.equal(median([3, 1, 2]), 2);
  assert.equal(median([4, 1, 3, 2]), 2.5);
  assert.ok(Number.isNaN(median([])));
});

test('fieldwiseMedian takes the median of each numeric leaf and keeps the rest from the first run', () => {
  const runs = [
    { a: 1, nested: { b: 10, label: 'x' }, opt: 5 },
    { a: 9, nested: { b: 30, label: 'y' }, opt: undefined },
    { a: 5, nested: { b: 20, label: 'z' }, opt: 7 },
  ];
  assert.deepEqual(fieldwiseMedian(runs), { a: 5, nested: { b: 20, label: 'x' }, opt: 5 });
  assert.throws(() => fieldwiseMedian([]), RangeError);
});
