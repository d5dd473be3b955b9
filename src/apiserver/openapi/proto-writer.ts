// A minimal protocol buffers (proto3) message writer: varints, doubles,
// length-delimited strings and nested messages. Fields holding proto3 default
// values are left out by the caller (see the `*IfSet` helpers).
const WIRE_VARINT = 0;
const WIRE_FIXED64 = 1;
const WIRE_LEN = 2;

function varint(n: bigint | number): Buffer {
  let v = BigInt.asUintN(64, BigInt(n));
  const bytes: number[] = [];
  while (v >= 0x80n) {
    bytes.push(Number(v & 0x7fn) | 0x80);
    v >>= 7n;
  }
  bytes.push(Number(v));
  return Buffer.from(bytes);
}

function smallVarint(n: number): Buffer {
  if (n < 0x80) return Buffer.of(n);
  return varint(n);
}

export class ProtoMessage {
  private readonly parts: Buffer[] = [];
  private size = 0;

  private push(b: Buffer): this {
    this.parts.push(b);
    this.size += b.length;
    return this;
  }

  private tag(field: number, wire: number): this {
    return this.push(smallVarint(field * 8 + wire));
  }

  /** Always writes (use for oneof members and repeated elements). */
  string(field: number, v: string): this {
    const b = Buffer.from(v, 'utf8');
    return this.tag(field, WIRE_LEN).push(smallVarint(b.length)).push(b);
  }

  stringIfSet(field: number, v: unknown): this {
    return typeof v === 'string' && v !== '' ? this.string(field, v) : this;
  }

  strings(field: number, v: unknown): this {
    if (Array.isArray(v)) for (const s of v) if (typeof s === 'string') this.string(field, s);
    return this;
  }

  bool(field: number, v: boolean): this {
    return this.tag(field, WIRE_VARINT).push(Buffer.of(v ? 1 : 0));
  }

  boolIfSet(field: number, v: unknown): this {
    return v === true ? this.bool(field, true) : this;
  }

  int64IfSet(field: number, v: unknown): this {
    return typeof v === 'number' && Number.isInteger(v) && v !== 0 ? this.tag(field, WIRE_VARINT).push(varint(v)) : this;
  }

  doubleIfSet(field: number, v: unknown): this {
    if (typeof v !== 'number' || v === 0) return this;
    const b = Buffer.alloc(8);
    b.writeDoubleLE(v);
    return this.tag(field, WIRE_FIXED64).push(b);
  }

  message(field: number, m: ProtoMessage): this {
    this.tag(field, WIRE_LEN).push(smallVarint(m.size));
    for (const p of m.parts) this.push(p);
    return this;
  }

  get length(): number {
    return this.size;
  }

  finish(): Buffer {
    return Buffer.concat(this.parts, this.size);
  }
}
