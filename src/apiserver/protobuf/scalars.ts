import { ProtobufDecodeError } from './errors.js';
import type { ScalarKind } from './schema.js';
import { WIRE_FIXED32, WIRE_FIXED64, WIRE_LEN, WIRE_VARINT, WireReader } from './wire.js';

const utf8 = new TextDecoder('utf-8');

/** The wire type a scalar kind is written with (unpacked). */
export function wireFor(kind: ScalarKind): number {
  switch (kind) {
    case 'string':
    case 'bytes':
      return WIRE_LEN;
    case 'double':
      return WIRE_FIXED64;
    case 'float':
      return WIRE_FIXED32;
    default:
      return WIRE_VARINT;
  }
}

/** Reads one scalar value as its JSON form (bytes as base64, as Go's encoding/json does for []byte). */
export function readScalar(r: WireReader, wire: number, kind: ScalarKind, where: string): string | number | boolean {
  const want = wireFor(kind);
  if (wire !== want) throw new ProtobufDecodeError(`${where}: wire type ${wire} does not fit ${kind}`);
  switch (kind) {
    case 'string':
      return utf8.decode(r.bytes());
    case 'bytes':
      return Buffer.from(r.bytes()).toString('base64');
    case 'bool':
      return r.varint() !== 0n;
    case 'int32':
      return Number(BigInt.asIntN(32, r.varint()));
    case 'int64':
      return Number(BigInt.asIntN(64, r.varint()));
    case 'uint32':
      return Number(BigInt.asUintN(32, r.varint()));
    case 'uint64':
      return Number(r.varint());
    case 'double':
      return r.fixed(8).getFloat64(0, true);
    case 'float':
      return r.fixed(4).getFloat32(0, true);
  }
}

/** Go's zero value of a scalar, in JSON form. */
export function scalarZero(kind: ScalarKind): string | number | boolean {
  if (kind === 'string' || kind === 'bytes') return '';
  if (kind === 'bool') return false;
  return 0;
}

/** True when a JSON scalar is its Go zero value (what omitempty drops). */
export function isZeroScalar(v: unknown): boolean {
  return v === '' || v === 0 || v === false;
}

/** Reads a packed run of varint/fixed scalars (proto3-style repeated numbers). */
export function readPacked(r: WireReader, kind: ScalarKind, where: string): Array<number | boolean> {
  const wire = wireFor(kind);
  if (wire === WIRE_LEN) throw new ProtobufDecodeError(`${where}: ${kind} cannot be packed`);
  const chunk = r.bytes();
  const inner = new WireReader(chunk);
  const out: Array<number | boolean> = [];
  while (!inner.done()) out.push(readScalar(inner, wire, kind, where) as number | boolean);
  return out;
}
