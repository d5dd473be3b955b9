import { decodeMessage } from './decode.js';
import { parseEnvelope } from './envelope.js';
import { ProtobufDecodeError } from './errors.js';
import { messageForKind } from './registry.js';

export const PROTOBUF_CONTENT_TYPE = 'application/vnd.kubernetes.protobuf';

/** True for `application/vnd.kubernetes.protobuf` with any parameters, in any letter case. */
export function isProtobufContentType(ct: string | undefined | null): boolean {
  if (!ct) return false;
  return ct.split(';', 1)[0]!.trim().toLowerCase() === PROTOBUF_CONTENT_TYPE;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Objects embedded in RawExtensions may themselves be protobuf; bound how deep that goes. */
const MAX_NESTING = 16;
let depth = 0;

function parseJsonRaw(raw: Uint8Array): Record<string, unknown> {
  let v: unknown;
  try {
    v = JSON.parse(utf8.decode(raw));
  } catch {
    throw new ProtobufDecodeError('envelope says application/json but its raw bytes are not JSON');
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new ProtobufDecodeError('embedded JSON is not an object');
  return v as Record<string, unknown>;
}

/**
 * Decodes a Kubernetes protobuf body (`k8s\0` + runtime.Unknown) into the
 * JSON object a client would have sent for the same Go value.
 */
export function decodeProtobufObject(body: Uint8Array): Record<string, unknown> {
  if (depth >= MAX_NESTING) throw new ProtobufDecodeError(`objects nested more than ${MAX_NESTING} deep in RawExtensions`);
  depth++;
  try {
    return decodeOne(body);
  } finally {
    depth--;
  }
}

function decodeOne(body: Uint8Array): Record<string, unknown> {
  const env = parseEnvelope(body);
  if (env.contentEncoding !== '') {
    throw new ProtobufDecodeError(`unsupported protobuf envelope contentEncoding "${env.contentEncoding}"`);
  }
  const ct = env.contentType.split(';', 1)[0]!.trim().toLowerCase();
  if (ct === 'application/json') {
    const obj = parseJsonRaw(env.raw);
    return { apiVersion: env.apiVersion, kind: env.kind, ...obj };
  }
  if (ct !== '' && ct !== PROTOBUF_CONTENT_TYPE) throw new ProtobufDecodeError(`unsupported embedded content type "${env.contentType}"`);
  const desc = messageForKind(env.apiVersion, env.kind);
  const obj = decodeMessage(desc, env.raw, decodeProtobufObject, env.kind);
  return { apiVersion: env.apiVersion, kind: env.kind, ...obj };
}
