// PATCH: JSON patch, merge patch, strategic merge patch and server-side apply,
// on the main resource and on the status subresource.
import { badRequest, StatusError, unsupportedMediaType } from '../errors.js';
import { applyPatch, PATCH_CONTENT_TYPES, PatchError, type PatchType } from '../patch/index.js';
import type { KubeObject } from '../types.js';
import { parseYaml } from './negotiate.js';
import { sendObject } from './read.js';
import { boolParam, type Ctx, writeOptions } from './request.js';
import { readBody } from './respond.js';
import { checkKind, checkUnknownFields } from './write.js';

export const APPLY_CONTENT_TYPE = 'application/apply-patch+yaml';

/** The patch media types an endpoint accepts: no strategic merge patch for custom resources. */
export function patchTypesFor(ctx: Ctx): string[] {
  const types = ['application/json-patch+json', 'application/merge-patch+json'];
  if (!ctx.def.crd) types.push('application/strategic-merge-patch+json');
  types.push(APPLY_CONTENT_TYPE);
  return types;
}

export function patchErrorToStatus(e: PatchError): StatusError {
  switch (e.kind) {
    case 'malformed':
      return badRequest(e.message);
    case 'invalid':
      return new StatusError(422, 'Invalid', e.message);
    case 'too-large':
      return new StatusError(413, 'RequestEntityTooLarge', `Request entity too large: ${e.message}`);
    default:
      return new StatusError(500, '', e.message);
  }
}

/** Whether the patch itself names a resourceVersion (then it is a precondition). */
function patchPinsVersion(type: PatchType, body: unknown): boolean {
  if (type === 'json') return Array.isArray(body) && body.some((op) => typeof op?.path === 'string' && op.path === '/metadata/resourceVersion');
  const meta = (body as KubeObject | null)?.metadata;
  return !!meta && typeof meta === 'object' && meta.resourceVersion !== undefined && meta.resourceVersion !== null;
}

function decodePatch(raw: Buffer, type: PatchType | 'apply'): unknown {
  if (type === 'apply') return parseYaml(raw.toString('utf8'));
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch (e) {
    throw badRequest(`error decoding patch: ${(e as Error).message}`);
  }
}

export async function handlePatch(ctx: Ctx): Promise<void> {
  const ct = String(ctx.req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  const type: PatchType | 'apply' | undefined = ct === APPLY_CONTENT_TYPE ? 'apply' : PATCH_CONTENT_TYPES[ct];
  const accepted = patchTypesFor(ctx);
  if (!type || !accepted.includes(ct)) throw unsupportedMediaType(accepted);
  const schema = ctx.services.schemaFor?.(ctx.def);
  const body = decodePatch(await readBody(ctx.req), type);
  if (type === 'apply') return handleApply(ctx, body);
  const opts = writeOptions(ctx);
  const pinned = patchPinsVersion(type, body);
  const { namespace, name } = ctx.info;
  const result = await ctx.store.guaranteedUpdate(
    namespace,
    name,
    (cur) => {
      let patched: KubeObject;
      try {
        patched = applyPatch(type, cur, body, schema?.schema, schema?.resolve) as KubeObject;
      } catch (e) {
        if (e instanceof PatchError) throw patchErrorToStatus(e);
        throw e;
      }
      checkKind(ctx, patched);
      checkUnknownFields(ctx, patched);
      if (!pinned && patched.metadata) delete patched.metadata.resourceVersion;
      return patched;
    },
    opts,
  );
  sendObject(ctx, 200, result);
}

async function handleApply(ctx: Ctx, body: unknown): Promise<void> {
  const ssa = ctx.services.serverSideApply;
  if (!ssa) throw unsupportedMediaType(patchTypesFor(ctx).filter((t) => t !== APPLY_CONTENT_TYPE));
  const manager = ctx.query.get('fieldManager');
  if (!manager) throw badRequest('PATCH, application/apply-patch+yaml requests must provide a fieldManager parameter');
  const force = boolParam(ctx.query, 'force') ?? false;
  const applied = checkKind(ctx, body);
  if (!applied.apiVersion || !applied.kind) throw badRequest('apiVersion and kind are required in an applied configuration');
  if (applied.metadata?.name !== undefined && applied.metadata.name !== ctx.info.name)
    throw badRequest(`the name of the object (${applied.metadata.name}) does not match the name on the URL (${ctx.info.name})`);
  checkUnknownFields(ctx, applied);
  const { namespace, name } = ctx.info;
  const subresource = ctx.info.subresource;
  const opts = { ...writeOptions(ctx), managedFieldsSet: true };
  const exists = ctx.store.ctx.cache.get(ctx.store.keyFor(namespace, name)) !== undefined || (await existsAfterSync(ctx));
  if (!exists && subresource === '') {
    const obj = ssa(ctx.def, undefined, { ...applied, metadata: { ...applied.metadata, name } }, { manager, force, subresource });
    try {
      const created = await ctx.store.create(namespace, obj, opts);
      sendObject(ctx, 201, created);
      return;
    } catch (e) {
      if (!(e instanceof StatusError && e.code === 409 && e.reason === 'AlreadyExists')) throw e;
    }
  }
  const result = await ctx.store.guaranteedUpdate(
    namespace,
    name,
    (cur) => {
      const merged = ssa(ctx.def, cur, applied, { manager, force, subresource });
      if (merged.metadata) merged.metadata.resourceVersion = applied.metadata?.resourceVersion ?? undefined;
      if (merged.metadata && merged.metadata.resourceVersion === undefined) delete merged.metadata.resourceVersion;
      return merged;
    },
    opts,
  );
  sendObject(ctx, 200, result);
}

async function existsAfterSync(ctx: Ctx): Promise<boolean> {
  try {
    await ctx.store.getEntry(ctx.info.namespace, ctx.info.name);
    return true;
  } catch {
    return false;
  }
}
