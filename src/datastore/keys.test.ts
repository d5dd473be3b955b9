import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compareKeys, listStart, prefixEnd } from './keys.js';

const bytewise = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));

describe('keys', () => {
  it('compareKeys matches UTF-8 byte order, unlike UTF-16 order', () => {
    const keys = ['a', 'B', '', 'a\u0000', '\u00e9', '\uffff', '\u{1F600}', '\ue000', '\u{10FFFF}', 'ab', '~'];
    const sorted = [...keys].sort(compareKeys);
    assert.deepEqual(sorted, [...keys].sort(bytewise));
    assert.ok('\u{1F600}' < '\uffff', 'JS order differs here');
    assert.ok(compareKeys('\u{1F600}', '\uffff') > 0);
    assert.equal(compareKeys('x', 'x'), 0);
  });

  it('prefixEnd is the first byte string after every key with the prefix', () => {
    assert.deepEqual(prefixEnd(Buffer.from('/a/')), Buffer.from('/a0'));
    assert.deepEqual(prefixEnd(Buffer.from([0x61, 0xff, 0xff])), Buffer.from([0x62]));
    assert.equal(prefixEnd(Buffer.from([0xff])), undefined);
    assert.equal(prefixEnd(Buffer.alloc(0)), undefined);
  });

  it('listStart never starts before the prefix', () => {
    assert.equal(listStart('/p/', undefined), '/p/');
    assert.equal(listStart('/p/', '/a'), '/p/');
    assert.equal(listStart('/p/', '/p/x'), '/p/x');
    assert.equal(listStart('/p/', '/q'), '/q');
  });
});
