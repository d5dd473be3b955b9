import { ProtobufDecodeError } from './errors.js';
import { readScalar } from './scalars.js';
import { WireReader } from './wire.js';

/** Every Kubernetes protobuf body starts with these four bytes: "k8s\0". */
export const PROTOBUF_MAGIC = Uint8Array.of(0x6b, 0x38, 0x73, 0x00);

/** runtime.Unknown, the envelope around an encoded object. */
export interface Envelope {
  apiVersion: string;
  kind: string;
  raw: Uint8Array;
  contentEncoding: string;
  contentType: string;
}

function readTypeMeta(bytes: Uint8Array, env: Envelope): void {
  const r = new WireReader(bytes);
  while (!r.done()) {
    const { field, wire } = r.tag();
    if (field === 1) env.apiVersion = readScalar(r, wire, 'string', 'Unknown.typeMeta.apiVersion') as string;
    else if (field === 2) env.kind = readScalar(r, wire, 'string', 'Unknown.typeMeta.kind') as string;
    else r.skip(wire);
  }
}

/** Splits a `k8s\0` + runtime.Unknown body into its type and raw object bytes. */
export function parseEnvelope(body: Uint8Array): Envelope {
  if (body.length < PROTOBUF_MAGIC.length || !PROTOBUF_MAGIC.every((b, i) => body[i] === b)) {
    throw new ProtobufDecodeError('body does not start with the Kubernetes protobuf prefix "k8s\\0"');
  }
  const env: Envelope = { apiVersion: '', kind: '', raw: new Uint8Array(0), contentEncoding: '', contentType: '' };
  const r = new WireReader(body, PROTOBUF_MAGIC.length);
  while (!r.done()) {
    const { field, wire } = r.tag();
    switch (field) {
      case 1:
        if (wire !== 2) throw new ProtobufDecodeError('Unknown.typeMeta: wire type does not fit a message');
        readTypeMeta(r.bytes(), env);
        break;
      case 2:
        if (wire !== 2) throw new ProtobufDecodeError('Unknown.raw: wire type does not fit bytes');
        env.raw = r.bytes();
        break;
      case 3:
        env.contentEncoding = readScalar(r, wire, 'string', 'Unknown.contentEncoding') as string;
        break;
      case 4:
        env.contentType = readScalar(r, wire, 'string', 'Unknown.contentType') as string;
        break;
      default:
        r.skip(wire);
    }
  }
  return env;
}
