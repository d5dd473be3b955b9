// A tiny protobuf writer for building test payloads (tests only).

function varintBytes(v: number | bigint): number[] {
  let n = BigInt.asUintN(64, BigInt(v));
  const out: number[] = [];
  do {
    let b = Number(n & 0x7fn);
    n >>= 7n;
    if (n > 0n) b |= 0x80;
    out.push(b);
  } while (n > 0n);
  return out;
}

export class PbWriter {
  private readonly out: number[] = [];

  private tag(field: number, wire: number): void {
    this.out.push(...varintBytes(field * 8 + wire));
  }

  varint(field: number, v: number | bigint | boolean): this {
    this.tag(field, 0);
    this.out.push(...varintBytes(typeof v === 'boolean' ? (v ? 1 : 0) : v));
    return this;
  }

  bytes(field: number, b: Uint8Array | number[]): this {
    this.tag(field, 2);
    this.out.push(...varintBytes(b.length), ...b);
    return this;
  }

  string(field: number, s: string): this {
    return this.bytes(field, Buffer.from(s, 'utf8'));
  }

  /** A nested message built by `build`. */
  msg(field: number, build: (w: PbWriter) => unknown = () => undefined): this {
    const w = new PbWriter();
    build(w);
    return this.bytes(field, w.finish());
  }

  /** A map entry (key = 1, value = 2) with a string key and string value. */
  entry(field: number, key: string, value: string): this {
    return this.msg(field, (w) => w.string(1, key).string(2, value));
  }

  packed(field: number, values: number[]): this {
    return this.bytes(field, values.flatMap((v) => varintBytes(v)));
  }

  fixed64(field: number, v: number): this {
    this.tag(field, 1);
    const b = Buffer.alloc(8);
    b.writeDoubleLE(v);
    this.out.push(...b);
    return this;
  }

  finish(): Uint8Array {
    return Uint8Array.from(this.out);
  }
}

/** A full request body: `k8s\0` + runtime.Unknown{typeMeta, raw, contentEncoding, contentType}. */
export function pbBody(
  apiVersion: string,
  kind: string,
  raw: Uint8Array,
  opts: { contentEncoding?: string; contentType?: string } = {},
): Buffer {
  const w = new PbWriter()
    .msg(1, (t) => t.string(1, apiVersion).string(2, kind))
    .bytes(2, raw)
    .string(3, opts.contentEncoding ?? '')
    .string(4, opts.contentType ?? '');
  return Buffer.concat([Buffer.from('k8s\0', 'latin1'), w.finish()]);
}

/** metav1.ObjectMeta with a name (and optional namespace), as gogo writes it. */
export function objectMeta(w: PbWriter, name: string, namespace = ''): void {
  w.string(1, name).string(2, '').string(3, namespace).string(4, '').string(5, '').string(6, '').varint(7, 0).msg(8);
}
