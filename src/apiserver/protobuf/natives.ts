import { ProtobufDecodeError } from './errors.js';
import { formatGoDuration, formatMicroTime, formatTime } from './gotime.js';
import { readScalar } from './scalars.js';
import type { ScalarKind } from './schema.js';
import { WireReader } from './wire.js';

/** Decodes a nested `k8s\0`-prefixed object (used by RawExtension). */
export type NestedDecoder = (body: Uint8Array) => unknown;

/**
 * A message whose Go type marshals to JSON by hand. `keepZero` is true when
 * the Go field is a pointer or a list/map element; the result `undefined`
 * means "omit" (Go would write null, or the zero value carries no meaning).
 */
export type NativeDecoder = (bytes: Uint8Array, keepZero: boolean, nested: NestedDecoder) => unknown;

type Kinds = Record<number, ScalarKind>;

/** Last value of each known field of a small fixed message; unknown fields are skipped. */
function readFlat(bytes: Uint8Array, kinds: Kinds, name: string): Map<number, unknown> {
  const r = new WireReader(bytes);
  const out = new Map<number, unknown>();
  while (!r.done()) {
    const { field, wire } = r.tag();
    const kind = kinds[field];
    if (kind === undefined) r.skip(wire);
    else out.set(field, kind === 'bytes' || kind === 'int64' ? readRaw(r, wire, kind, name) : readScalar(r, wire, kind, name));
  }
  return out;
}

/** int64 as bigint and bytes as raw bytes, which natives need unconverted. */
function readRaw(r: WireReader, wire: number, kind: 'bytes' | 'int64', name: string): bigint | Uint8Array {
  if (kind === 'bytes') {
    if (wire !== 2) throw new ProtobufDecodeError(`${name}: wire type ${wire} does not fit bytes`);
    return r.bytes();
  }
  if (wire !== 0) throw new ProtobufDecodeError(`${name}: wire type ${wire} does not fit int64`);
  return BigInt.asIntN(64, r.varint());
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
const MAGIC = [0x6b, 0x38, 0x73, 0x00];

/** Raw bytes holding a JSON document (or a nested protobuf object) → its JSON value. */
function embeddedJson(raw: Uint8Array, nested: NestedDecoder, name: string): unknown {
  if (raw.length >= 4 && MAGIC.every((b, i) => raw[i] === b)) return nested(raw);
  try {
    return JSON.parse(utf8.decode(raw));
  } catch {
    throw new ProtobufDecodeError(`${name}: embedded bytes are not JSON`);
  }
}

function strings(bytes: Uint8Array, name: string): string[] {
  const r = new WireReader(bytes);
  const out: string[] = [];
  while (!r.done()) {
    const { field, wire } = r.tag();
    if (field === 1) out.push(readScalar(r, wire, 'string', name) as string);
    else r.skip(wire);
  }
  return out;
}

const time: NativeDecoder = (bytes) => {
  if (bytes.length === 0) return undefined; // Go's zero Time → null
  const f = readFlat(bytes, { 1: 'int64' }, 'Time');
  return formatTime((f.get(1) as bigint | undefined) ?? 0n) ?? undefined;
};

const microTime: NativeDecoder = (bytes) => {
  if (bytes.length === 0) return undefined;
  const f = readFlat(bytes, { 1: 'int64', 2: 'int32' }, 'MicroTime');
  const nanos = BigInt((f.get(2) as number | undefined) ?? 0);
  return formatMicroTime((f.get(1) as bigint | undefined) ?? 0n, nanos) ?? undefined;
};

const duration: NativeDecoder = (bytes) =>
  formatGoDuration((readFlat(bytes, { 1: 'int64' }, 'Duration').get(1) as bigint | undefined) ?? 0n);

const quantity: NativeDecoder = (bytes) => {
  const s = readFlat(bytes, { 1: 'string' }, 'Quantity').get(1) as string | undefined;
  if (s === undefined) return '0'; // Go's zero Quantity marshals as "0"
  if (s === '') throw new ProtobufDecodeError('Quantity: empty quantity string');
  return s;
};

const intOrString: NativeDecoder = (bytes, keepZero) => {
  const f = readFlat(bytes, { 1: 'int64', 2: 'int32', 3: 'string' }, 'IntOrString');
  const type = (f.get(1) as bigint | undefined) ?? 0n;
  if (type === 1n) return (f.get(3) as string | undefined) ?? '';
  if (type !== 0n) throw new ProtobufDecodeError(`IntOrString: impossible type ${type}`);
  const n = (f.get(2) as number | undefined) ?? 0;
  // A zero non-pointer IntOrString means "unset" to Go's defaulters; JSON clients leave it out.
  return n === 0 && !keepZero ? undefined : n;
};

const rawExtension: NativeDecoder = (bytes, _keepZero, nested) => {
  const raw = readFlat(bytes, { 1: 'bytes' }, 'RawExtension').get(1) as Uint8Array | undefined;
  if (raw === undefined || raw.length === 0) return undefined; // nil Raw marshals as null
  return embeddedJson(raw, nested, 'RawExtension');
};

const fieldsV1: NativeDecoder = (bytes, _keepZero, nested) => {
  const raw = readFlat(bytes, { 1: 'bytes' }, 'FieldsV1').get(1) as Uint8Array | undefined;
  if (raw === undefined || raw.length === 0) return undefined;
  return embeddedJson(raw, nested, 'FieldsV1');
};

/** Go named string slices (ExtraValue, Verbs, …) wrapped in a message with `repeated string items = 1`. */
const stringList: NativeDecoder = (bytes) => strings(bytes, 'string list');

/** Natives by qualified message name. */
export const NATIVES: ReadonlyMap<string, NativeDecoder> = new Map([
  ['meta.Time', time],
  ['meta.MicroTime', microTime],
  ['meta.Duration', duration],
  ['meta.FieldsV1', fieldsV1],
  ['meta.Verbs', stringList],
  ['runtime.RawExtension', rawExtension],
  ['intstr.IntOrString', intOrString],
  ['resource.Quantity', quantity],
  ['resource.QuantityValue', quantity],
  ['authentication.ExtraValue', stringList],
  ['authentication.AttestationValue', stringList],
  ['authorization.ExtraValue', stringList],
]);
