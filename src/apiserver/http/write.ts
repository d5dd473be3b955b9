// CREATE, UPDATE, DELETE and DELETECOLLECTION handlers.
import { badRequest } from '../errors.js';
import { DecodeTypeError } from '../schema/decode.js';
import { deleteCollection, deleteObject, type DeleteOptions } from '../registry/delete.js';
import type { KubeObject } from '../types.js';
import { decodeBody } from './negotiate.js';
import { listParams, sendObject } from './read.js';
import { boolParam, type Ctx, intParam, parseDryRun, parseFieldValidation, writeOptions } from './request.js';
import { readBody, sendJson } from './respond.js';

function apiVersionOf(ctx: Ctx): string {
  return ctx.def.group ? `${ctx.def.group}/${ctx.def.version}` : ctx.def.version;
}

/** Checks that a decoded body is an object of the endpoint's kind. */
export function checkKind(ctx: Ctx, body: unknown, expectKind = ctx.def.kind, expectVersion = apiVersionOf(ctx)): KubeObject {
  if (body === null || typeof body !== 'object' || Array.isArray(body))
    throw badRequest('the body of the request was in an unknown format - accepted media types include: application/json, application/yaml');
  const obj = body as KubeObject;
  if (obj.kind !== undefined && obj.kind !== expectKind) {
    throw badRequest(`${String(obj.kind)} in version ${JSON.stringify(obj.apiVersion ?? '')} cannot be handled as a ${expectKind}: no kind "${String(obj.kind)}" is registered for version "${expectVersion}" in scheme`);
  }
  if (obj.apiVersion !== undefined && obj.apiVersion !== expectVersion) {
    throw badRequest(`${expectKind} in version ${JSON.stringify(obj.apiVersion)} cannot be handled as a ${expectKind}: no kind "${expectKind}" is registered for version "${String(obj.apiVersion)}" in scheme`);
  }
  if (obj.metadata !== undefined && (obj.metadata === null || typeof obj.metadata !== 'object' || Array.isArray(obj.metadata)))
    throw badRequest(`${expectKind} in version "${expectVersion}" cannot be handled as a ${expectKind}: metadata must be an object`);
  return obj;
}

/**
 * Type errors are a 400 whatever the mode (Go decoding fails). Then unknown
 * fields per `fieldValidation`: Strict rejects them (400), Warn adds
 * Warning headers, Ignore drops them silently. They are always pruned.
 */
export function checkUnknownFields(ctx: Ctx, obj: KubeObject): void {
  try {
    ctx.services.typeCheck?.(ctx.def, obj);
  } catch (e) {
    if (e instanceof DecodeTypeError) {
      const v = apiVersionOf(ctx);
      throw badRequest(`${ctx.def.kind} in version ${JSON.stringify(v)} cannot be handled as a ${ctx.def.kind}: ${e.message}`);
    }
    throw e;
  }
  const mode = parseFieldValidation(ctx.query);
  const unknown = ctx.services.unknownFields?.(ctx.def, obj) ?? [];
  if (unknown.length === 0 || mode === 'Ignore') return;
  const msgs = unknown.map((f) => `unknown field "${f}"`);
  if (mode === 'Strict') throw badRequest(`strict decoding error: ${msgs.join(', ')}`);
  ctx.warnings.push(...msgs);
}

export async function readObject(ctx: Ctx): Promise<KubeObject> {
  const body = await readBody(ctx.req);
  const obj = checkKind(ctx, decodeBody(body, ctx.req.headers['content-type'], !ctx.def.crd));
  checkUnknownFields(ctx, obj);
  return obj;
}

export async function handleCreate(ctx: Ctx): Promise<void> {
  const obj = await readObject(ctx);
  const created = await ctx.store.create(ctx.info.namespace, obj, writeOptions(ctx, ''));
  sendObject(ctx, 201, created);
}

export async function handleUpdate(ctx: Ctx): Promise<void> {
  const obj = await readObject(ctx);
  const name = ctx.info.name;
  if (obj.metadata?.name !== undefined && obj.metadata.name !== name)
    throw badRequest(`the name of the object (${obj.metadata.name}) does not match the name on the URL (${name})`);
  const updated = await ctx.store.update(ctx.info.namespace, name, obj, writeOptions(ctx));
  sendObject(ctx, 200, updated);
}

/** DeleteOptions from the body (if any) and the query, query winning as upstream. */
export async function deleteOptions(ctx: Ctx): Promise<DeleteOptions> {
  const raw = await readBody(ctx.req);
  let o: DeleteOptions & { kind?: string; apiVersion?: string } = {};
  if (raw.length > 0) {
    const b = decodeBody(raw, ctx.req.headers['content-type']);
    if (b !== null && (typeof b !== 'object' || Array.isArray(b))) throw badRequest('DeleteOptions must be an object');
    o = (b ?? {}) as DeleteOptions;
  }
  const q = ctx.query;
  const grace = intParam(q, 'gracePeriodSeconds');
  if (grace !== undefined) o.gracePeriodSeconds = grace;
  const policy = q.get('propagationPolicy');
  if (policy) o.propagationPolicy = policy as DeleteOptions['propagationPolicy'];
  const orphan = boolParam(q, 'orphanDependents');
  if (orphan !== undefined) o.orphanDependents = orphan;
  if (parseDryRun(q)) o.dryRun = true;
  else if (Array.isArray((o as { dryRun?: unknown }).dryRun)) o.dryRun = ((o as { dryRun?: unknown[] }).dryRun ?? []).includes('All');
  return o;
}

function successStatus(ctx: Ctx, obj: KubeObject): object {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Success',
    details: { name: obj.metadata?.name, group: ctx.def.group, kind: ctx.def.plural, uid: obj.metadata?.uid },
  };
}

export async function handleDelete(ctx: Ctx): Promise<void> {
  const o = await deleteOptions(ctx);
  const r = await deleteObject(ctx.store, ctx.info.namespace, ctx.info.name, o);
  if (!r.deleted) {
    sendObject(ctx, 200, r.obj);
    return;
  }
  // Most kinds answer a finished delete with a Status, pods (and all graceful kinds) with the object.
  if (ctx.def.strategy.gracePeriodSeconds || ctx.def.group !== '') sendObject(ctx, 200, r.obj);
  else sendJson(ctx.res, 200, successStatus(ctx, r.obj));
}

export async function handleDeleteCollection(ctx: Ctx): Promise<void> {
  const o = await deleteOptions(ctx);
  const items = await deleteCollection(ctx.store, ctx.info.namespace, listParams(ctx), o);
  const apiVersion = apiVersionOf(ctx);
  sendJson(ctx.res, 200, { kind: ctx.def.listKind, apiVersion, metadata: {}, items: items.map((i) => ({ ...i, kind: ctx.def.kind, apiVersion })) });
}

