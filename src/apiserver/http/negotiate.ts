// Content negotiation: which representation a client accepts, and how a
// request body is decoded.
import YAML from 'yaml';
import { badRequest, notAcceptable, unsupportedMediaType } from '../errors.js';
import { decodeProtobufObject, isProtobufContentType, ProtobufDecodeError } from '../protobuf/index.js';

export interface MediaType {
  type: string;
  params: Record<string, string>;
  q: number;
}

export function parseMediaTypes(header: string | undefined): MediaType[] {
  if (!header) return [{ type: '*/*', params: {}, q: 1 }];
  const out: MediaType[] = [];
  for (const part of header.split(',')) {
    const [t, ...ps] = part.split(';').map((x) => x.trim());
    if (!t) continue;
    const params: Record<string, string> = {};
    let q = 1;
    for (const p of ps) {
      const eq = p.indexOf('=');
      if (eq < 0) continue;
      const k = p.slice(0, eq).trim().toLowerCase();
      const v = p.slice(eq + 1).trim().replace(/^"|"$/g, '');
      if (k === 'q') q = Number(v);
      else params[k] = v;
    }
    out.push({ type: t.toLowerCase(), params, q });
  }
  return out.sort((a, b) => b.q - a.q);
}

/** What a resource response may be rendered as. */
export type Rendering =
  | { as: 'object'; format: 'json' | 'yaml' }
  | { as: 'table'; version: 'v1' | 'v1beta1' }
  | { as: 'partial'; version: 'v1' | 'v1beta1' };

const isJson = (t: string): boolean => t === 'application/json' || t === 'application/*' || t === '*/*';

/**
 * Picks the first acceptable rendering: plain JSON/YAML, a meta.k8s.io Table, or
 * PartialObjectMetadata(List). Protobuf is not served: it is skipped when the
 * client also accepts JSON, and answered 406 otherwise.
 */
export function chooseRendering(accept: string | undefined): Rendering {
  for (const m of parseMediaTypes(accept)) {
    const as = m.params.as;
    if (as && (m.type === 'application/json' || m.type === 'application/yaml')) {
      if (m.params.g !== 'meta.k8s.io') continue;
      const version = m.params.v === 'v1beta1' ? 'v1beta1' : m.params.v === 'v1' ? 'v1' : undefined;
      if (!version) continue;
      if (as === 'Table') return { as: 'table', version };
      if (as === 'PartialObjectMetadata' || as === 'PartialObjectMetadataList') return { as: 'partial', version };
      continue;
    }
    if (isJson(m.type)) return { as: 'object', format: 'json' };
    if (m.type === 'application/yaml') return { as: 'object', format: 'yaml' };
  }
  throw notAcceptable('only the following media types are accepted: application/json, application/yaml');
}

/** Whether the client asked for aggregated discovery, and which version. */
export function wantsAggregatedDiscovery(accept: string | undefined): 'v2' | 'v2beta1' | undefined {
  for (const m of parseMediaTypes(accept)) {
    if (m.type === 'application/json' && m.params.g === 'apidiscovery.k8s.io' && m.params.as === 'APIGroupDiscoveryList') {
      if (m.params.v === 'v2' || m.params.v === 'v2beta1') return m.params.v;
    }
    if (isJson(m.type) && !m.params.as) return undefined;
  }
  return undefined;
}

/** Decodes a create/update body (JSON, YAML, or Kubernetes protobuf unless `protobuf` is false). */
export function decodeBody(body: Buffer, contentType: string | undefined, protobuf = true): unknown {
  const type = (contentType ?? 'application/json').split(';')[0].trim().toLowerCase();
  const text = isProtobufContentType(type) ? '' : body.toString('utf8');
  if (type === 'application/json' || type === '' || type === '*/*') {
    try {
      return JSON.parse(text);
    } catch (e) {
      throw badRequest(`the body of the request could not be decoded: json: ${(e as Error).message}`);
    }
  }
  if (type === 'application/yaml' || type === 'application/x-yaml' || type === 'text/yaml') return parseYaml(text);
  if (protobuf && isProtobufContentType(type)) {
    try {
      return decodeProtobufObject(body);
    } catch (e) {
      if (e instanceof ProtobufDecodeError) throw badRequest(`the body of the request could not be decoded: ${e.message}`);
      throw e;
    }
  }
  throw unsupportedMediaType(protobuf ? ['application/json', 'application/yaml', 'application/vnd.kubernetes.protobuf'] : ['application/json', 'application/yaml']);
}

export function parseYaml(text: string): unknown {
  try {
    const docs = YAML.parseAllDocuments(text);
    if (docs.length > 1) throw new Error('only one YAML document is allowed');
    const doc = docs[0];
    if (!doc) return null;
    if (doc.errors.length) throw new Error(doc.errors[0].message);
    return doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    throw badRequest(`the body of the request could not be decoded: yaml: ${(e as Error).message}`);
  }
}
