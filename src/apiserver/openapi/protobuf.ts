// The OpenAPI v2 document in gnostic's protobuf form (message
// openapi.v2.Document of OpenAPIv2.proto), which client-go's OpenAPISchema()
// asks for with `Accept: application/com.github.proto-openapi.spec.v2@v1.0+protobuf`.
// Vendor extensions, defaults and enum values travel as `Any{yaml}`; JSON
// text is valid YAML, so they are written as JSON.
import { ProtoMessage } from './proto-writer.js';

/**
 * Content-Type of the response. Clients ask with the `@v1.0` form, which Go's
 * mime.ParseMediaType rejects, so upstream answers with the dotted form.
 */
export const PROTOBUF_V2_CONTENT_TYPE = 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf';
/** Accept values that select the protobuf encoding. */
export const PROTOBUF_V2_ACCEPT_TYPES = [
  'application/com.github.proto-openapi.spec.v2@v1.0+protobuf',
  'application/com.github.proto-openapi.spec.v2.v1.0+protobuf',
];

type Json = Record<string, unknown>;

const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Any { yaml = 2 } */
function anyYaml(v: unknown): ProtoMessage {
  return new ProtoMessage().string(2, JSON.stringify(v));
}

/** repeated NamedAny { name = 1; Any value = 2 } for every `x-` key. */
function vendorExtensions(m: ProtoMessage, field: number, obj: Json): void {
  for (const [k, v] of Object.entries(obj)) {
    if (!k.startsWith('x-') || v === undefined) continue;
    m.message(field, new ProtoMessage().string(1, k).message(2, anyYaml(v)));
  }
}

function schema(s: Json): ProtoMessage {
  const m = new ProtoMessage();
  m.stringIfSet(1, s.$ref).stringIfSet(2, s.format).stringIfSet(3, s.title).stringIfSet(4, s.description);
  if (s.default !== undefined) m.message(5, anyYaml(s.default));
  m.doubleIfSet(6, s.multipleOf).doubleIfSet(7, s.maximum).boolIfSet(8, s.exclusiveMaximum)
    .doubleIfSet(9, s.minimum).boolIfSet(10, s.exclusiveMinimum)
    .int64IfSet(11, s.maxLength).int64IfSet(12, s.minLength).stringIfSet(13, s.pattern)
    .int64IfSet(14, s.maxItems).int64IfSet(15, s.minItems).boolIfSet(16, s.uniqueItems)
    .int64IfSet(17, s.maxProperties).int64IfSet(18, s.minProperties).strings(19, s.required);
  if (Array.isArray(s.enum)) for (const e of s.enum) m.message(20, anyYaml(e));
  if (isObj(s.additionalProperties)) m.message(21, new ProtoMessage().message(1, schema(s.additionalProperties)));
  else if (typeof s.additionalProperties === 'boolean') m.message(21, new ProtoMessage().bool(2, s.additionalProperties));
  if (typeof s.type === 'string') m.message(22, new ProtoMessage().string(1, s.type));
  else if (Array.isArray(s.type)) m.message(22, new ProtoMessage().strings(1, s.type));
  if (isObj(s.items)) m.message(23, new ProtoMessage().message(1, schema(s.items)));
  if (Array.isArray(s.allOf)) for (const a of s.allOf) if (isObj(a)) m.message(24, schema(a));
  if (isObj(s.properties)) m.message(25, namedSchemas(s.properties));
  m.stringIfSet(26, s.discriminator).boolIfSet(27, s.readOnly);
  if (s.example !== undefined) m.message(30, anyYaml(s.example));
  vendorExtensions(m, 31, s);
  return m;
}

/** Properties / Definitions { repeated NamedSchema additional_properties = 1 } */
function namedSchemas(map: Json): ProtoMessage {
  const m = new ProtoMessage();
  for (const [name, s] of Object.entries(map)) {
    if (isObj(s)) m.message(1, new ProtoMessage().string(1, name).message(2, schema(s)));
  }
  return m;
}

/** Parameter, as a ParametersItem (`$ref`s become JsonReference). */
function parameter(p: Json): ProtoMessage {
  if (typeof p.$ref === 'string') return new ProtoMessage().message(2, new ProtoMessage().string(1, p.$ref));
  const param = new ProtoMessage();
  if (p.in === 'body') {
    const body = new ProtoMessage().stringIfSet(1, p.description).stringIfSet(2, p.name).stringIfSet(3, p.in).boolIfSet(4, p.required);
    if (isObj(p.schema)) body.message(5, schema(p.schema));
    vendorExtensions(body, 6, p);
    param.message(1, body);
  } else {
    // Query sub-schema field numbers; path and header ones differ from field 5 on (no allow_empty_value).
    const sub = new ProtoMessage().boolIfSet(1, p.required).stringIfSet(2, p.in).stringIfSet(3, p.description).stringIfSet(4, p.name);
    let which: number;
    if (p.in === 'query' || p.in === 'formData') {
      which = p.in === 'query' ? 3 : 2;
      sub.boolIfSet(5, p.allowEmptyValue).stringIfSet(6, p.type).stringIfSet(7, p.format).boolIfSet(20, p.uniqueItems);
      vendorExtensions(sub, 23, p);
    } else {
      which = p.in === 'path' ? 4 : 1;
      sub.stringIfSet(5, p.type).stringIfSet(6, p.format).boolIfSet(19, p.uniqueItems);
      vendorExtensions(sub, 22, p);
    }
    param.message(2, new ProtoMessage().message(which, sub));
  }
  return new ProtoMessage().message(1, param);
}

function responses(rs: Json): ProtoMessage {
  const m = new ProtoMessage();
  for (const [code, r] of Object.entries(rs)) {
    if (!isObj(r)) continue;
    const resp = new ProtoMessage().stringIfSet(1, r.description);
    if (isObj(r.schema)) resp.message(2, new ProtoMessage().message(1, schema(r.schema)));
    vendorExtensions(resp, 5, r);
    m.message(1, new ProtoMessage().string(1, code).message(2, new ProtoMessage().message(1, resp)));
  }
  return m;
}

function operation(o: Json): ProtoMessage {
  const m = new ProtoMessage().strings(1, o.tags).stringIfSet(2, o.summary).stringIfSet(3, o.description)
    .stringIfSet(5, o.operationId).strings(6, o.produces).strings(7, o.consumes);
  if (Array.isArray(o.parameters)) for (const p of o.parameters) if (isObj(p)) m.message(8, parameter(p));
  if (isObj(o.responses)) m.message(9, responses(o.responses));
  m.strings(10, o.schemes).boolIfSet(11, o.deprecated);
  vendorExtensions(m, 13, o);
  return m;
}

const METHOD_FIELDS: Record<string, number> = { get: 2, put: 3, post: 4, delete: 5, options: 6, head: 7, patch: 8 };

function pathItem(item: Json): ProtoMessage {
  const m = new ProtoMessage().stringIfSet(1, item.$ref);
  for (const [method, field] of Object.entries(METHOD_FIELDS)) {
    const o = item[method];
    if (isObj(o)) m.message(field, operation(o));
  }
  if (Array.isArray(item.parameters)) for (const p of item.parameters) if (isObj(p)) m.message(9, parameter(p));
  vendorExtensions(m, 10, item);
  return m;
}

function securityDefinitions(defs: Json): ProtoMessage {
  const m = new ProtoMessage();
  for (const [name, d] of Object.entries(defs)) {
    if (!isObj(d) || d.type !== 'apiKey') continue; // the only kind Skiff publishes
    const apiKey = new ProtoMessage().stringIfSet(1, d.type).stringIfSet(2, d.name).stringIfSet(3, d.in).stringIfSet(4, d.description);
    m.message(1, new ProtoMessage().string(1, name).message(2, new ProtoMessage().message(2, apiKey)));
  }
  return m;
}

function securityRequirement(req: Json): ProtoMessage {
  const m = new ProtoMessage();
  for (const [name, scopes] of Object.entries(req)) {
    m.message(1, new ProtoMessage().string(1, name).message(2, new ProtoMessage().strings(1, scopes)));
  }
  return m;
}

/** Encodes a Swagger 2.0 JSON document as openapi.v2.Document. */
export function encodeV2Protobuf(doc: Json): Buffer {
  const m = new ProtoMessage().stringIfSet(1, doc.swagger);
  if (isObj(doc.info)) {
    const info = new ProtoMessage().stringIfSet(1, doc.info.title).stringIfSet(2, doc.info.version).stringIfSet(3, doc.info.description);
    vendorExtensions(info, 7, doc.info);
    m.message(2, info);
  }
  m.stringIfSet(3, doc.host).stringIfSet(4, doc.basePath).strings(5, doc.schemes).strings(6, doc.consumes).strings(7, doc.produces);
  if (isObj(doc.paths)) {
    const paths = new ProtoMessage();
    vendorExtensions(paths, 1, doc.paths);
    for (const [path, item] of Object.entries(doc.paths)) {
      if (path.startsWith('x-') || !isObj(item)) continue;
      paths.message(2, new ProtoMessage().string(1, path).message(2, pathItem(item)));
    }
    m.message(8, paths);
  }
  if (isObj(doc.definitions)) m.message(9, namedSchemas(doc.definitions));
  if (Array.isArray(doc.security)) for (const req of doc.security) if (isObj(req)) m.message(12, securityRequirement(req));
  if (isObj(doc.securityDefinitions)) m.message(13, securityDefinitions(doc.securityDefinitions));
  vendorExtensions(m, 16, doc);
  return m.finish();
}
