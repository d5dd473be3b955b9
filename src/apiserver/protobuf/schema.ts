import { ProtobufDecodeError } from './errors.js';

/**
 * Skiff's own compact description of Kubernetes protobuf messages.
 *
 * A package table maps a message name to its fields in Go struct order (the
 * order encoding/json writes them). Each field is one string:
 *
 *   "<field number> <json name> <type><flag>"
 *
 * - json name `...` means an embedded struct whose fields are inlined.
 * - type: a scalar (string, bytes, bool, int32, int64, uint32, uint64, double,
 *   float), a message name (unqualified = same package, else `pkg.Name`),
 *   `[]T` for a repeated field, or `map<K,V>`.
 * - flag: `?` for a Go pointer (present on the wire = set, even when zero),
 *   `!` for a Go value without omitempty (JSON always carries it, zero
 *   included), none for a Go value with omitempty (zero values are dropped).
 */
export type PackageTable = Record<string, readonly string[]>;

export const SCALARS = ['string', 'bytes', 'bool', 'int32', 'int64', 'uint32', 'uint64', 'double', 'float'] as const;
export type ScalarKind = (typeof SCALARS)[number];

export type ValueType = { kind: 'scalar'; scalar: ScalarKind } | { kind: 'message'; ref: string };

export type Presence = 'pointer' | 'always' | 'omitempty';

export interface FieldDesc {
  num: number;
  json: string;
  inline: boolean;
  repeated: boolean;
  /** Set for map fields: key scalar, `type` is the value type. */
  mapKey?: ScalarKind;
  type: ValueType;
  presence: Presence;
}

export interface MessageDesc {
  /** Qualified name, `pkg.Name`. */
  name: string;
  fields: FieldDesc[];
  byNum: Map<number, FieldDesc>;
}

function isScalar(s: string): s is ScalarKind {
  return (SCALARS as readonly string[]).includes(s);
}

function valueType(t: string, pkg: string): ValueType {
  if (isScalar(t)) return { kind: 'scalar', scalar: t };
  if (!/^[A-Za-z]\w*(\.[A-Za-z]\w*)?$/.test(t)) throw new ProtobufDecodeError(`bad type "${t}" in table ${pkg}`);
  return { kind: 'message', ref: t.includes('.') ? t : `${pkg}.${t}` };
}

/** Parses one field entry of package `pkg`'s table. */
export function parseField(entry: string, pkg: string): FieldDesc {
  const m = /^(\d+) (\S+) (\S+?)([?!]?)$/.exec(entry);
  if (!m) throw new ProtobufDecodeError(`bad field entry "${entry}" in table ${pkg}`);
  const [, num, json, rawType, flag] = m as unknown as [string, string, string, string, string];
  const presence: Presence = flag === '?' ? 'pointer' : flag === '!' ? 'always' : 'omitempty';
  const base = { num: Number(num), json, inline: json === '...', presence };
  const map = /^map<(\w+),(\S+)>$/.exec(rawType);
  if (map) {
    const key = map[1]!;
    if (!isScalar(key)) throw new ProtobufDecodeError(`bad map key in "${entry}"`);
    return { ...base, repeated: false, mapKey: key, type: valueType(map[2]!, pkg) };
  }
  if (rawType.startsWith('[]')) return { ...base, repeated: true, type: valueType(rawType.slice(2), pkg) };
  return { ...base, repeated: false, type: valueType(rawType, pkg) };
}

export function parseMessage(name: string, entries: readonly string[], pkg: string): MessageDesc {
  const fields = entries.map((e) => parseField(e, pkg));
  const byNum = new Map<number, FieldDesc>();
  for (const f of fields) {
    if (byNum.has(f.num)) throw new ProtobufDecodeError(`duplicate field ${f.num} in ${pkg}.${name}`);
    byNum.set(f.num, f);
  }
  return { name: `${pkg}.${name}`, fields, byNum };
}
