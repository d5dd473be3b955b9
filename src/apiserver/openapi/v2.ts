// The OpenAPI v2 (Swagger 2.0) document served at /openapi/v2: every path of
// every served resource and every definition.
import type { ResourceDef } from '../types.js';
import type { Schema } from '../schema/types.js';
import type { SchemaSet } from '../schema/set.js';
import { toV2 } from './convert.js';
import type { Param } from './params.js';
import { resourceListPath, resourcePaths, type Operation, type PathItem } from './paths.js';
import { resourceSchemas } from './resources.js';

export interface SwaggerDoc {
  swagger: '2.0';
  info: { title: string; version: string };
  paths: Record<string, Record<string, unknown>>;
  definitions: Record<string, Schema>;
  securityDefinitions: Record<string, unknown>;
  security: Array<Record<string, string[]>>;
}

export interface DocInfo {
  title: string;
  version: string;
}

export const DEFAULT_INFO: DocInfo = { title: 'Kubernetes', version: 'v1.30.0' };

function v2Param(p: Param): Record<string, unknown> {
  const out: Record<string, unknown> = { description: p.description, in: p.in, name: p.name, type: p.type, uniqueItems: true };
  if (p.required) out.required = true;
  return out;
}

function v2Operation(o: Operation): Record<string, unknown> {
  const params: Array<Record<string, unknown>> = [];
  if (o.body) params.push({ in: 'body', name: 'body', required: o.body.required, schema: { $ref: `#/definitions/${o.body.schema}` } });
  params.push(...o.params.map(v2Param));
  const responses: Record<string, unknown> = {};
  for (const r of o.responses) responses[r.code] = r.schema ? { description: r.description, schema: { $ref: `#/definitions/${r.schema}` } } : { description: r.description };
  const out: Record<string, unknown> = {
    consumes: o.consumes,
    description: o.description,
    operationId: o.operationId,
  };
  if (params.length) out.parameters = params;
  Object.assign(out, { produces: o.produces, responses, schemes: ['https'], tags: [o.tag] });
  if (o.action) out['x-kubernetes-action'] = o.action;
  if (o.gvk) out['x-kubernetes-group-version-kind'] = { group: o.gvk.group, kind: o.gvk.kind, version: o.gvk.version };
  return out;
}

export function v2PathItem(item: PathItem): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const o of item.operations) out[o.method] = v2Operation(o);
  if (item.params.length) out.parameters = item.params.map(v2Param);
  return out;
}

/** All paths of the given resources, plus each group version's resource list. */
export function allPathItems(resources: ResourceDef[], set: SchemaSet): PathItem[] {
  const items: PathItem[] = [];
  const gvs = new Set<string>();
  for (const r of resources) {
    const key = `${r.group}/${r.version}`;
    if (!gvs.has(key)) {
      gvs.add(key);
      items.push(resourceListPath(r.group, r.version));
    }
    const schemas = resourceSchemas(r, set);
    if (schemas) items.push(...resourcePaths(r, schemas));
  }
  return items;
}

export function buildV2(resources: ResourceDef[], set: SchemaSet, info: DocInfo = DEFAULT_INFO): SwaggerDoc {
  const paths: SwaggerDoc['paths'] = {};
  for (const item of allPathItems(resources, set).sort((a, b) => a.path.localeCompare(b.path))) paths[item.path] = v2PathItem(item);
  const definitions: Record<string, Schema> = {};
  const defs = set.definitions();
  for (const name of Object.keys(defs).sort()) definitions[name] = toV2(name, defs[name]!);
  return {
    swagger: '2.0',
    info: { title: info.title, version: info.version },
    paths,
    definitions,
    securityDefinitions: { BearerToken: { description: 'Bearer Token authentication', in: 'header', name: 'authorization', type: 'apiKey' } },
    security: [{ BearerToken: [] }],
  };
}
