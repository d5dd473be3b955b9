import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ProtobufDecodeError } from './errors.js';
import { readScalar } from './scalars.js';
import { WireReader } from './wire.js';

const r = (...bytes: number[]) => new WireReader(Uint8Array.from(bytes));

describe('WireReader', () => {
  it('reads varints of every length', () => {
    assert.equal(r(0x00).varint(), 0n);
    assert.equal(r(0xac, 0x02).varint(), 300n);
    assert.equal(r(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01).varint(), 2n ** 64n - 1n);
  });

  it('reads sign-extended negative int32 and int64', () => {
    const minusOne = [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01];
    assert.equal(readScalar(r(...minusOne), 0, 'int32', 'x'), -1);
    assert.equal(readScalar(r(...minusOne), 0, 'int64', 'x'), -1);
  });

  it('reads tags and length-delimited payloads', () => {
    const rd = r(0x0a, 0x03, 0x61, 0x62, 0x63, 0x10, 0x01);
    assert.deepEqual(rd.tag(), { field: 1, wire: 2 });
    assert.equal(readScalar(rd, 2, 'string', 'x'), 'abc');
    assert.deepEqual(rd.tag(), { field: 2, wire: 0 });
    assert.equal(readScalar(rd, 0, 'bool', 'x'), true);
    assert.ok(rd.done());
  });

  it('skips each wire type', () => {
    const rd = r(0x08, 0x96, 0x01, 0x11, 1, 2, 3, 4, 5, 6, 7, 8, 0x1a, 0x01, 0x00, 0x25, 1, 2, 3, 4);
    for (const wire of [0, 1, 2, 5]) {
      assert.equal(rd.tag().wire, wire);
      rd.skip(wire);
    }
    assert.ok(rd.done());
  });

  it('refuses truncated data, overlong varints, group wire types and field 0', () => {
    assert.throws(() => r(0x0a, 0x05, 0x61).bytes(), ProtobufDecodeError);
    assert.throws(() => r(0x80).varint(), ProtobufDecodeError);
    assert.throws(() => r(...new Array(11).fill(0x80)).varint(), ProtobufDecodeError);
    assert.throws(() => r(0x0b).skip(3), ProtobufDecodeError);
    assert.throws(() => r(0x02).tag(), ProtobufDecodeError);
  });

  it('rejects a wire type that does not fit the scalar', () => {
    assert.throws(() => readScalar(r(0x01), 0, 'string', 'f'), ProtobufDecodeError);
  });
});
