// One resource request as the handlers see it: the parsed path, query options,
// the store and how to render the answer.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { badRequest } from '../errors.js';
import type { ResourceStore, WriteOptions } from '../registry/store.js';
import type { Registry } from '../registry/registry.js';
import type { ResourceRequest } from './route.js';
import type { Rendering } from './negotiate.js';
import type { KubeObject, ResourceDef } from '../types.js';
import type { Schema } from '../schema/types.js';

export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

/** Services the handlers use beyond the store (schemas, patches, apply). */
export interface HandlerServices {
  registry: Registry;
  now(): Date;
  /**
   * Checks a decoded body against the kind's schema: returns unknown-field
   * paths (already pruned from `obj`).
   */
  unknownFields?(def: ResourceDef, obj: KubeObject): string[];
  /**
   * Connect-style pod subresources proxied to the node agent (log, exec,
   * attach, portforward) for plain HTTP requests; resolves false when the
   * subresource is not one it serves.
   */
  connect?(ctx: Ctx): Promise<boolean>;
  /** Rejects JSON of the wrong types for the kind, as decoding into Go structs would (throws DecodeTypeError). */
  typeCheck?(def: ResourceDef, obj: KubeObject): void;
  /** The kind's structural schema, for strategic merge patch. */
  schemaFor?(def: ResourceDef): { schema: Schema; resolve: (s: Schema) => Schema } | undefined;
  /** Server-side apply: the merged object with managedFields, or an error (409 on conflicts). */
  serverSideApply?(def: ResourceDef, live: KubeObject | undefined, applied: KubeObject, opts: { manager: string; force: boolean; subresource: string }): KubeObject;
}

export interface Ctx {
  req: IncomingMessage;
  res: ServerResponse;
  info: ResourceRequest;
  query: URLSearchParams;
  store: ResourceStore;
  def: ResourceDef;
  rendering: Rendering;
  services: HandlerServices;
  /** Warning headers to add to the response. */
  warnings: string[];
}

export function parseDryRun(q: URLSearchParams): boolean {
  const vals = q.getAll('dryRun');
  for (const v of vals) {
    if (v !== 'All') throw badRequest(`dryRun: Unsupported value: ${JSON.stringify(v)}: supported values: "All"`);
  }
  return vals.length > 0;
}

export function parseFieldValidation(q: URLSearchParams): FieldValidation {
  const v = q.get('fieldValidation');
  if (v === null || v === '') return 'Warn';
  if (v === 'Strict' || v === 'Warn' || v === 'Ignore') return v;
  throw badRequest(`fieldValidation: Unsupported value: ${JSON.stringify(v)}: supported values: "Ignore", "Strict", "Warn"`);
}

/** The field manager of a write: `?fieldManager=`, else derived from the User-Agent like upstream. */
export function fieldManager(ctx: Ctx): string {
  const fm = ctx.query.get('fieldManager');
  if (fm !== null) {
    if (fm.length > 128) throw badRequest('fieldManager: Too long: may not be more than 128 bytes');
    return fm;
  }
  const ua = String(ctx.req.headers['user-agent'] ?? 'unknown');
  const first = ua.split('/')[0] || 'unknown';
  return first.length > 128 ? first.slice(0, 128) : first;
}

export function writeOptions(ctx: Ctx, subresource = ctx.info.subresource): WriteOptions {
  return { dryRun: parseDryRun(ctx.query), fieldManager: fieldManager(ctx), subresource };
}

export function intParam(q: URLSearchParams, name: string): number | undefined {
  const v = q.get(name);
  if (v === null || v === '') return undefined;
  if (!/^-?\d+$/.test(v)) throw badRequest(`invalid ${name}: ${JSON.stringify(v)}`);
  return Number(v);
}

export function boolParam(q: URLSearchParams, name: string): boolean | undefined {
  const v = q.get(name);
  if (v === null || v === '') return undefined;
  if (v === 'true' || v === '1') return true;
  if (v === 'false' || v === '0') return false;
  throw badRequest(`invalid ${name}: ${JSON.stringify(v)}`);
}
