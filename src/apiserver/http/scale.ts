// The scale subresource (autoscaling/v1 Scale) of workloads: GET, PUT, PATCH.
import { badRequest } from '../errors.js';
import { applyPatch, PATCH_CONTENT_TYPES, PatchError } from '../patch/index.js';
import { formatSelector, fromLabelSelectorObject, type LabelSelectorObject } from '../selectors/labels.js';
import type { KubeObject, ScaleSpec } from '../types.js';
import { decodeBody } from './negotiate.js';
import { patchErrorToStatus, patchTypesFor } from './patch.js';
import { type Ctx, writeOptions } from './request.js';
import { readBody, sendJson } from './respond.js';
import { unsupportedMediaType } from '../errors.js';

/** Reads `.a.b.c` from an object. */
export function getPath(obj: unknown, path: string): unknown {
  let cur: unknown = obj;
  for (const p of path.split('.').filter(Boolean)) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[p];
  }
  return cur;
}

export function setPath(obj: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.').filter(Boolean);
  let cur = obj;
  for (const p of parts.slice(0, -1)) {
    if (cur[p] === null || typeof cur[p] !== 'object') cur[p] = {};
    cur = cur[p] as Record<string, unknown>;
  }
  cur[parts[parts.length - 1]] = value;
}

function selectorString(v: unknown): string {
  if (typeof v === 'string') return v;
  if (!v || typeof v !== 'object') return '';
  const o = v as LabelSelectorObject & Record<string, unknown>;
  if (o.matchLabels || o.matchExpressions) return formatSelector(fromLabelSelectorObject(o));
  // ReplicationController: a plain map selector.
  return formatSelector(Object.entries(o).map(([key, val]) => ({ key, op: '=' as const, values: [String(val)] })));
}

export function toScale(obj: KubeObject, spec: ScaleSpec): KubeObject {
  const m = obj.metadata ?? {};
  const status: Record<string, unknown> = { replicas: Number(getPath(obj, spec.statusReplicasPath) ?? 0) };
  const sel = spec.labelSelectorPath ? selectorString(getPath(obj, spec.labelSelectorPath)) : '';
  if (sel) status.selector = sel;
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: { name: m.name, namespace: m.namespace, uid: m.uid, resourceVersion: m.resourceVersion, creationTimestamp: m.creationTimestamp },
    spec: { replicas: Number(getPath(obj, spec.specReplicasPath) ?? 0) },
    status,
  };
}

export async function handleScale(ctx: Ctx): Promise<void> {
  const spec = ctx.def.subresources!.scale!;
  const { namespace, name } = ctx.info;
  if (ctx.info.verb === 'get') {
    sendJson(ctx.res, 200, toScale(await ctx.store.get(namespace, name), spec));
    return;
  }
  if (ctx.info.verb !== 'update' && ctx.info.verb !== 'patch') throw badRequest(`${ctx.info.verb} is not supported on scale`);
  const raw = await readBody(ctx.req);
  const ct = String(ctx.req.headers['content-type'] ?? 'application/json').split(';')[0].trim();
  let body: unknown;
  if (ctx.info.verb === 'patch') {
    if (!PATCH_CONTENT_TYPES[ct] || (ctx.def.crd && PATCH_CONTENT_TYPES[ct] === 'strategic'))
      throw unsupportedMediaType(patchTypesFor(ctx).filter((t) => t !== 'application/apply-patch+yaml'));
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch (e) {
      throw badRequest(`error decoding patch: ${(e as Error).message}`);
    }
  } else body = decodeBody(raw, ct);
  const updated = await ctx.store.guaranteedUpdate(
    namespace,
    name,
    (cur) => {
      const current = toScale(cur, spec);
      let next: KubeObject;
      if (ctx.info.verb === 'patch') {
        try {
          next = applyPatch(PATCH_CONTENT_TYPES[ct], current, body) as KubeObject;
        } catch (e) {
          if (e instanceof PatchError) throw patchErrorToStatus(e);
          throw e;
        }
      } else next = body as KubeObject;
      const replicas = (next.spec as { replicas?: unknown } | undefined)?.replicas;
      if (typeof replicas !== 'number' || !Number.isInteger(replicas)) throw badRequest('Scale.spec.replicas must be an integer');
      setPath(cur as Record<string, unknown>, spec.specReplicasPath, replicas);
      const rv = next.metadata?.resourceVersion;
      if (ctx.info.verb === 'update' && rv) cur.metadata!.resourceVersion = rv;
      else delete cur.metadata!.resourceVersion;
      return cur;
    },
    writeOptions(ctx, 'scale'),
  );
  sendJson(ctx.res, 200, toScale(updated, spec));
}
