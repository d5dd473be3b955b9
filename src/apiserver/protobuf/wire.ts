import { ProtobufDecodeError } from './errors.js';

/** Protobuf wire types (groups, 3 and 4, are never written by Kubernetes). */
export const WIRE_VARINT = 0;
export const WIRE_FIXED64 = 1;
export const WIRE_LEN = 2;
export const WIRE_FIXED32 = 5;

export interface Tag {
  field: number;
  wire: number;
}

/** Sequential reader over one protobuf message's bytes. */
export class WireReader {
  pos: number;

  constructor(
    readonly buf: Uint8Array,
    start = 0,
    readonly end = buf.length,
  ) {
    this.pos = start;
  }

  done(): boolean {
    return this.pos >= this.end;
  }

  private byte(): number {
    if (this.pos >= this.end) throw new ProtobufDecodeError('truncated protobuf message');
    return this.buf[this.pos++]!;
  }

  /** An unsigned varint as a bigint (up to 64 bits). */
  varint(): bigint {
    let result = 0n;
    for (let shift = 0n; shift < 70n; shift += 7n) {
      const b = this.byte();
      result |= BigInt(b & 0x7f) << shift;
      if ((b & 0x80) === 0) return BigInt.asUintN(64, result);
    }
    throw new ProtobufDecodeError('malformed varint');
  }

  /** A varint that must fit a non-negative JS number below 2^32 (tags, lengths). */
  uint32(): number {
    let result = 0;
    let mul = 1;
    for (let i = 0; i < 5; i++) {
      const b = this.byte();
      result += (b & 0x7f) * mul;
      if ((b & 0x80) === 0) {
        if (result > 0xffffffff) break;
        return result;
      }
      mul *= 128;
    }
    throw new ProtobufDecodeError('varint too large for a tag or length');
  }

  tag(): Tag {
    const v = this.uint32();
    const field = Math.floor(v / 8);
    if (field === 0) throw new ProtobufDecodeError('invalid field number 0');
    return { field, wire: v & 7 };
  }

  /** The payload of a length-delimited field, as a view (no copy). */
  bytes(): Uint8Array {
    const len = this.uint32();
    if (this.pos + len > this.end) throw new ProtobufDecodeError('length-delimited field runs past its message');
    const out = this.buf.subarray(this.pos, this.pos + len);
    this.pos += len;
    return out;
  }

  fixed(width: 4 | 8): DataView {
    if (this.pos + width > this.end) throw new ProtobufDecodeError('truncated fixed-width field');
    const view = new DataView(this.buf.buffer, this.buf.byteOffset + this.pos, width);
    this.pos += width;
    return view;
  }

  /** Skips one field's value of the given wire type. */
  skip(wire: number): void {
    switch (wire) {
      case WIRE_VARINT:
        this.varint();
        return;
      case WIRE_FIXED64:
        this.fixed(8);
        return;
      case WIRE_LEN:
        this.bytes();
        return;
      case WIRE_FIXED32:
        this.fixed(4);
        return;
      default:
        throw new ProtobufDecodeError(`unsupported protobuf wire type ${wire}`);
    }
  }
}
