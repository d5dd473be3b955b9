import { ProtobufDecodeError } from './errors.js';
import { NATIVES, type NestedDecoder } from './natives.js';
import { getMessage } from './registry.js';
import { isZeroScalar, readPacked, readScalar, scalarZero, wireFor } from './scalars.js';
import type { FieldDesc, MessageDesc, ScalarKind, ValueType } from './schema.js';
import { WIRE_LEN, WireReader } from './wire.js';

type Json = Record<string, unknown>;

const EMPTY = new Uint8Array(0);

function concat(chunks: Uint8Array[] | undefined): Uint8Array {
  if (!chunks || chunks.length === 0) return EMPTY;
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
}

/** Decodes one value of `type` (a list element or map value: zero values are kept). */
function readElement(r: WireReader, wire: number, type: ValueType, nested: NestedDecoder, where: string): unknown {
  if (type.kind === 'scalar') return readScalar(r, wire, type.scalar, where);
  if (wire !== WIRE_LEN) throw new ProtobufDecodeError(`${where}: wire type ${wire} does not fit a message`);
  return messageValue(type.ref, r.bytes(), true, nested, where) ?? null;
}

/** A message-typed value as JSON; undefined when a native says "omit". */
function messageValue(ref: string, bytes: Uint8Array, keepZero: boolean, nested: NestedDecoder, where: string): unknown {
  const native = NATIVES.get(ref);
  if (native) return native(bytes, keepZero, nested);
  return decodeMessage(getMessage(ref), bytes, nested, where);
}

function zeroOf(type: ValueType, nested: NestedDecoder, where: string): unknown {
  return type.kind === 'scalar' ? scalarZero(type.scalar) : (messageValue(type.ref, EMPTY, true, nested, where) ?? null);
}

function readMapEntry(bytes: Uint8Array, key: ScalarKind, f: FieldDesc, nested: NestedDecoder, where: string): [string, unknown] {
  const r = new WireReader(bytes);
  let k: unknown;
  let v: unknown;
  let haveV = false;
  while (!r.done()) {
    const tag = r.tag();
    if (tag.field === 1) k = readScalar(r, tag.wire, key, `${where} key`);
    else if (tag.field === 2) {
      v = readElement(r, tag.wire, f.type, nested, `${where}[${String(k ?? '')}]`);
      haveV = true;
    } else r.skip(tag.wire);
  }
  return [String(k ?? scalarZero(key)), haveV ? v : zeroOf(f.type, nested, where)];
}

/** Reads the wire form of one message into Kubernetes JSON, following Go's decode + encoding/json. */
export function decodeMessage(desc: MessageDesc, bytes: Uint8Array, nested: NestedDecoder, path = desc.name): Json {
  const r = new WireReader(bytes);
  const values = new Map<number, unknown>();
  const chunks = new Map<number, Uint8Array[]>();
  const lists = new Map<number, unknown[]>();
  const maps = new Map<number, Map<string, unknown>>();
  while (!r.done()) {
    const { field, wire } = r.tag();
    const f = desc.byNum.get(field);
    if (!f) {
      r.skip(wire); // a newer client's field: ignore, as Go's generated code does
      continue;
    }
    const where = `${path}.${f.inline ? `(${f.num})` : f.json}`;
    if (f.mapKey !== undefined) {
      if (wire !== WIRE_LEN) throw new ProtobufDecodeError(`${where}: wire type ${wire} does not fit a map entry`);
      const [k, v] = readMapEntry(r.bytes(), f.mapKey, f, nested, where);
      let m = maps.get(field);
      if (!m) maps.set(field, (m = new Map()));
      m.set(k, v);
    } else if (f.repeated) {
      let l = lists.get(field);
      if (!l) lists.set(field, (l = []));
      if (f.type.kind === 'scalar' && wire === WIRE_LEN && wireFor(f.type.scalar) !== WIRE_LEN) {
        l.push(...readPacked(r, f.type.scalar, where));
      } else l.push(readElement(r, wire, f.type, nested, where));
    } else if (f.type.kind === 'scalar') {
      values.set(field, readScalar(r, wire, f.type.scalar, where));
    } else {
      if (wire !== WIRE_LEN) throw new ProtobufDecodeError(`${where}: wire type ${wire} does not fit a message`);
      let c = chunks.get(field);
      if (!c) chunks.set(field, (c = []));
      c.push(r.bytes()); // repeated occurrences of a message field merge, like concatenation
    }
  }

  const out: Json = {};
  for (const f of desc.fields) {
    const where = `${path}.${f.json}`;
    if (f.mapKey !== undefined) {
      const m = maps.get(f.num);
      if (m && m.size > 0) out[f.json] = Object.fromEntries(m);
    } else if (f.repeated) {
      const l = lists.get(f.num);
      if (l && l.length > 0) out[f.json] = l;
    } else if (f.type.kind === 'scalar') {
      if (values.has(f.num)) {
        const v = values.get(f.num);
        if (f.presence !== 'omitempty' || !isZeroScalar(v)) out[f.json] = v;
      } else if (f.presence === 'always') out[f.json] = scalarZero(f.type.scalar);
    } else {
      const c = chunks.get(f.num);
      if (!c && f.presence === 'pointer') continue; // nil pointer: omitted
      const v = messageValue(f.type.ref, concat(c), f.presence === 'pointer', nested, where);
      if (v === undefined) continue;
      if (f.inline) Object.assign(out, v);
      else out[f.json] = v;
    }
  }
  return out;
}
