// OpenAPI v3 documents, one per group version (/openapi/v3/apis/apps/v1),
// holding that group version's paths and the schemas they reach.
import type { ResourceDef } from '../types.js';
import type { Schema } from '../schema/types.js';
import type { SchemaSet } from '../schema/set.js';
import { reachable, toV3 } from './convert.js';
import type { Param } from './params.js';
import { resourceListPath, resourcePaths, type Operation, type PathItem } from './paths.js';
import { resourceSchemas } from './resources.js';
import { DEFAULT_INFO, type DocInfo } from './v2.js';

export interface OpenAPIV3Doc {
  openapi: '3.0.0';
  info: { title: string; version: string };
  paths: Record<string, Record<string, unknown>>;
  components: { schemas: Record<string, Schema>; securitySchemes: Record<string, unknown> };
  security: Array<Record<string, string[]>>;
}

const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });

function v3Param(p: Param): Record<string, unknown> {
  const out: Record<string, unknown> = { description: p.description, in: p.in, name: p.name };
  if (p.required) out.required = true;
  out.schema = { type: p.type, uniqueItems: true };
  return out;
}

function v3Operation(o: Operation): Record<string, unknown> {
  const out: Record<string, unknown> = { description: o.description, operationId: o.operationId };
  if (o.params.length) out.parameters = o.params.map(v3Param);
  if (o.body) {
    const content: Record<string, unknown> = {};
    for (const type of o.consumes) content[type] = { schema: ref(o.body.schema) };
    out.requestBody = o.body.required ? { content, required: true } : { content };
  }
  const responses: Record<string, unknown> = {};
  for (const r of o.responses) {
    if (!r.schema) {
      responses[r.code] = { description: r.description };
      continue;
    }
    const content: Record<string, unknown> = {};
    for (const type of o.produces) content[type] = { schema: ref(r.schema) };
    responses[r.code] = { content, description: r.description };
  }
  out.responses = responses;
  out.tags = [o.tag];
  if (o.action) out['x-kubernetes-action'] = o.action;
  if (o.gvk) out['x-kubernetes-group-version-kind'] = { group: o.gvk.group, kind: o.gvk.kind, version: o.gvk.version };
  return out;
}

function v3PathItem(item: PathItem): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const o of item.operations) out[o.method] = v3Operation(o);
  if (item.params.length) out.parameters = item.params.map(v3Param);
  return out;
}

/** Index key of a group version: `api/v1`, `apis/apps/v1`. */
export function gvPath(group: string, version: string): string {
  return group === '' ? `api/${version}` : `apis/${group}/${version}`;
}

/** Definition names a path item refers to. */
function referencedSchemas(item: PathItem): string[] {
  const names: string[] = [];
  for (const o of item.operations) {
    if (o.body) names.push(o.body.schema);
    for (const r of o.responses) if (r.schema) names.push(r.schema);
  }
  return names;
}

/** One document per group version served by `resources`, keyed by gvPath. */
export function buildV3(resources: ResourceDef[], set: SchemaSet, info: DocInfo = DEFAULT_INFO): Map<string, OpenAPIV3Doc> {
  const byGV = new Map<string, { items: PathItem[]; roots: Set<string> }>();
  for (const r of resources) {
    const key = gvPath(r.group, r.version);
    let entry = byGV.get(key);
    if (!entry) {
      entry = { items: [resourceListPath(r.group, r.version)], roots: new Set() };
      byGV.set(key, entry);
    }
    const schemas = resourceSchemas(r, set);
    if (!schemas) continue;
    entry.items.push(...resourcePaths(r, schemas));
    // The kinds themselves, even if no path used them (kubectl explain looks kinds up by GVK).
    entry.roots.add(schemas.kind);
    entry.roots.add(schemas.list);
  }
  const defs = set.definitions();
  const out = new Map<string, OpenAPIV3Doc>();
  for (const key of [...byGV.keys()].sort()) {
    const { items, roots } = byGV.get(key)!;
    const paths: OpenAPIV3Doc['paths'] = {};
    for (const item of items.sort((a, b) => a.path.localeCompare(b.path))) {
      paths[item.path] = v3PathItem(item);
      for (const n of referencedSchemas(item)) roots.add(n);
    }
    const schemas: Record<string, Schema> = {};
    for (const name of [...reachable(defs, roots)].sort()) schemas[name] = toV3(name, defs[name]!);
    out.set(key, {
      openapi: '3.0.0',
      info: { title: info.title, version: info.version },
      paths,
      components: {
        schemas,
        securitySchemes: { BearerToken: { description: 'Bearer Token authentication', in: 'header', name: 'authorization', type: 'apiKey' } },
      },
      security: [{ BearerToken: [] }],
    });
  }
  return out;
}
