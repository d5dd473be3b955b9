import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sortBy, sortStrings } from './small-sort.js';

function randomWords(n: number, seed: number): string[] {
  let s = seed;
  const next = (): number => (s = (s * 1103515245 + 12345) % 2 ** 31);
  const alphabet = ['a', 'B', 'z', '_', 'é', '\u{1F600}', '0', ''];
  return Array.from({ length: n }, () => Array.from({ length: next() % 4 }, () => alphabet[next() % alphabet.length]).join(''));
}

test('sortStrings orders like the default sort, short and long arrays', () => {
  for (let n = 0; n <= 40; n++) {
    for (let seed = 1; seed <= 20; seed++) {
      const words = randomWords(n, seed * 7 + n);
      const expected = [...words].sort();
      const got = sortStrings(words);
      assert.equal(got, words, 'in place');
      assert.deepEqual(got, expected);
    }
  }
});

test('sortBy is stable and orders like Array.prototype.sort with the same comparator', () => {
  for (let n = 0; n <= 40; n++) {
    const items = Array.from({ length: n }, (_, i) => ({ k: (i * 7919) % 5, i }));
    const cmp = (a: { k: number }, b: { k: number }): number => a.k - b.k;
    const expected = [...items].sort(cmp);
    assert.deepEqual(sortBy(items, cmp), expected);
    for (let i = 1; i < items.length; i++) {
      if (items[i - 1]!.k === items[i]!.k) assert.ok(items[i - 1]!.i < items[i]!.i, 'stable');
    }
  }
});
