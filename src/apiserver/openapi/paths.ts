// The REST operations of served resources, in a neutral form that the v2
// and v3 renderers turn into upstream-shaped OpenAPI paths.
import type { GroupVersionKind, ResourceDef } from '../types.js';
import {
  CREATE_PARAMS, DELETECOLLECTION_PARAMS, DELETE_PARAMS, LIST_PARAMS, P, PATCH_PARAMS, REPLACE_PARAMS, pathParam,
  type Param,
} from './params.js';

export type Method = 'get' | 'put' | 'post' | 'patch' | 'delete';

export interface Response {
  code: '200' | '201' | '202' | '401';
  description: string;
  /** Definition name of the response body. */
  schema?: string;
}

export interface Operation {
  method: Method;
  operationId: string;
  description: string;
  /** x-kubernetes-action: get, list, watch, watchlist, post, put, patch, delete, deletecollection. */
  action: string;
  gvk?: GroupVersionKind;
  tag: string;
  params: Param[];
  /** Definition name of the request body. */
  body?: { schema: string; required: boolean };
  consumes: string[];
  produces: string[];
  responses: Response[];
}

export interface PathItem {
  path: string;
  params: Param[];
  operations: Operation[];
}

/** Definition names a path builder needs for one resource. */
export interface ResourceSchemas {
  kind: string;
  list: string;
  /** When the resource accepts strategic merge patch (built-ins; not CRDs). */
  strategicMerge: boolean;
}

export const META = 'io.k8s.apimachinery.pkg.apis.meta.v1';
export const SCALE = 'io.k8s.api.autoscaling.v1.Scale';

const JSON_TYPES = ['application/json', 'application/yaml', 'application/vnd.kubernetes.protobuf'];
const STREAM_TYPES = [...JSON_TYPES, 'application/json;stream=watch', 'application/vnd.kubernetes.protobuf;stream=watch'];
const PATCH_TYPES = ['application/json-patch+json', 'application/merge-patch+json', 'application/strategic-merge-patch+json', 'application/apply-patch+yaml'];

const cap = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/** `apps` → `Apps`, `rbac.authorization.k8s.io` → `RbacAuthorization`, `` → `Core`, `example.com` → `ExampleCom`. */
export function groupIdent(group: string): string {
  if (group === '') return 'Core';
  return group.replace(/\.k8s\.io$/, '').split(/[.-]/).filter(Boolean).map(cap).join('');
}

/** Upstream's tag: `core_v1`, `apps_v1`, `rbacAuthorization_v1`. */
export function tagFor(group: string, version: string): string {
  const g = groupIdent(group);
  return `${g.charAt(0).toLowerCase()}${g.slice(1)}_${version}`;
}

/** URL prefix of a group version: `/api/v1` or `/apis/apps/v1`. */
export function gvPrefix(group: string, version: string): string {
  return group === '' ? `/api/${version}` : `/apis/${group}/${version}`;
}

interface Ctx {
  r: ResourceDef;
  s: ResourceSchemas;
  gv: string;
  tag: string;
  ident: string;
  gvk: GroupVersionKind;
}

function op(ctx: Ctx, method: Method, verb: string, subject: string, action: string, rest: Partial<Operation>): Operation {
  return {
    method,
    operationId: `${verb}${ctx.ident}${subject}`,
    description: '',
    action,
    gvk: ctx.gvk,
    tag: ctx.tag,
    params: [],
    consumes: ['*/*'],
    produces: JSON_TYPES,
    responses: [],
    ...rest,
  };
}

const ok = (schema: string): Response => ({ code: '200', description: 'OK', schema });
const created = (schema: string): Response => ({ code: '201', description: 'Created', schema });
const accepted = (schema: string): Response => ({ code: '202', description: 'Accepted', schema });
const unauthorized: Response = { code: '401', description: 'Unauthorized' };

/** Operations on the object itself or one of its subresources (`status`, `scale`). */
function objectOps(ctx: Ctx, sub: '' | 'status' | 'scale', scoped: string): Operation[] {
  const { r, s } = ctx;
  const has = (v: string): boolean => r.verbs.includes(v);
  const kindName = r.kind;
  const schema = sub === 'scale' ? SCALE : s.kind;
  const gvk = sub === 'scale' ? { group: 'autoscaling', version: 'v1', kind: 'Scale' } : ctx.gvk;
  const subject = `${scoped}${kindName}${cap(sub)}`;
  const of = sub ? `${sub} of ` : '';
  const ops: Operation[] = [];
  if (has('get')) {
    ops.push(op(ctx, 'get', 'read', subject, 'get', { gvk, description: `read ${of}the specified ${kindName}`, responses: [ok(schema), unauthorized] }));
  }
  if (has('update')) {
    ops.push(op(ctx, 'put', 'replace', subject, 'put', {
      gvk, description: `replace ${of}the specified ${kindName}`, params: REPLACE_PARAMS,
      body: { schema, required: true }, responses: [ok(schema), created(schema), unauthorized],
    }));
  }
  if (has('patch')) {
    const consumes = s.strategicMerge ? PATCH_TYPES : PATCH_TYPES.filter((t) => !t.includes('strategic'));
    ops.push(op(ctx, 'patch', 'patch', subject, 'patch', {
      gvk, description: `partially update ${of}the specified ${kindName}`, params: PATCH_PARAMS,
      body: { schema: `${META}.Patch`, required: true }, consumes, responses: [ok(schema), created(schema), unauthorized],
    }));
  }
  if (sub === '' && has('delete')) {
    ops.push(op(ctx, 'delete', 'delete', subject, 'delete', {
      description: `delete ${/^[AEIOU]/.test(kindName) ? 'an' : 'a'} ${kindName}`, params: DELETE_PARAMS,
      body: { schema: `${META}.DeleteOptions`, required: false },
      responses: [ok(`${META}.Status`), accepted(`${META}.Status`), unauthorized],
    }));
  }
  return ops;
}

/** Every path upstream serves for one resource. */
export function resourcePaths(r: ResourceDef, s: ResourceSchemas): PathItem[] {
  const gv = gvPrefix(r.group, r.version);
  const ctx: Ctx = {
    r, s, gv, tag: tagFor(r.group, r.version), ident: `${groupIdent(r.group)}${cap(r.version)}`,
    gvk: { group: r.group, version: r.version, kind: r.kind },
  };
  const has = (v: string): boolean => r.verbs.includes(v);
  const scoped = r.namespaced ? 'Namespaced' : '';
  const nsPrefix = r.namespaced ? `${gv}/namespaces/{namespace}` : gv;
  const nsParams = r.namespaced ? [pathParam('namespace', r.kind)] : [];
  const items: PathItem[] = [];

  // Collection.
  const collection: Operation[] = [];
  if (has('list')) {
    collection.push(op(ctx, 'get', 'list', `${scoped}${r.kind}`, 'list', {
      description: `list or watch objects of kind ${r.kind}`, params: LIST_PARAMS, produces: STREAM_TYPES,
      responses: [ok(s.list), unauthorized],
    }));
  }
  if (has('create')) {
    collection.push(op(ctx, 'post', 'create', `${scoped}${r.kind}`, 'post', {
      description: `create ${/^[AEIOU]/.test(r.kind) ? 'an' : 'a'} ${r.kind}`, params: CREATE_PARAMS,
      body: { schema: s.kind, required: true }, responses: [ok(s.kind), created(s.kind), accepted(s.kind), unauthorized],
    }));
  }
  if (has('deletecollection')) {
    collection.push(op(ctx, 'delete', 'delete', `Collection${scoped}${r.kind}`, 'deletecollection', {
      description: `delete collection of ${r.kind}`, params: DELETECOLLECTION_PARAMS,
      body: { schema: `${META}.DeleteOptions`, required: false }, responses: [ok(`${META}.Status`), unauthorized],
    }));
  }
  if (collection.length) items.push({ path: `${nsPrefix}/${r.plural}`, params: [...nsParams, P.pretty], operations: collection });

  // Object and subresources.
  const nameParams = [pathParam('name', r.kind), ...nsParams, P.pretty];
  const object = objectOps(ctx, '', scoped);
  if (object.length) items.push({ path: `${nsPrefix}/${r.plural}/{name}`, params: nameParams, operations: object });
  if (r.subresources?.status) items.push({ path: `${nsPrefix}/${r.plural}/{name}/status`, params: nameParams, operations: objectOps(ctx, 'status', scoped) });
  if (r.subresources?.scale) items.push({ path: `${nsPrefix}/${r.plural}/{name}/scale`, params: nameParams, operations: objectOps(ctx, 'scale', scoped) });

  if (has('watch')) items.push(...watchPaths(ctx, scoped, nsParams));
  // Across all namespaces.
  if (r.namespaced && has('list')) {
    items.push({
      path: `${gv}/${r.plural}`, params: [...LIST_PARAMS, P.pretty],
      operations: [op(ctx, 'get', 'list', `${r.kind}ForAllNamespaces`, 'list', {
        description: `list or watch objects of kind ${r.kind}`, produces: STREAM_TYPES, responses: [ok(s.list), unauthorized],
      })],
    });
  }
  return items;
}

/** The deprecated /watch/ paths kubectl no longer uses but upstream still documents. */
function watchPaths(ctx: Ctx, scoped: string, nsParams: Param[]): PathItem[] {
  const { r } = ctx;
  const watchEvent = `${META}.WatchEvent`;
  const base = r.namespaced ? `${ctx.gv}/watch/namespaces/{namespace}/${r.plural}` : `${ctx.gv}/watch/${r.plural}`;
  const listDesc = `watch individual changes to a list of ${r.kind}. deprecated: use the 'watch' parameter with a list operation instead.`;
  const items: PathItem[] = [
    {
      path: base, params: [...LIST_PARAMS, ...nsParams, P.pretty],
      operations: [op(ctx, 'get', 'watch', `${scoped}${r.kind}List`, 'watchlist', { description: listDesc, produces: STREAM_TYPES, responses: [ok(watchEvent), unauthorized] })],
    },
    {
      path: `${base}/{name}`, params: [...LIST_PARAMS, pathParam('name', r.kind), ...nsParams, P.pretty],
      operations: [op(ctx, 'get', 'watch', `${scoped}${r.kind}`, 'watch', {
        description: `watch changes to an object of kind ${r.kind}. deprecated: use the 'watch' parameter with a list operation instead, filtered to a single item with the 'fieldSelector' parameter.`,
        produces: STREAM_TYPES, responses: [ok(watchEvent), unauthorized],
      })],
    },
  ];
  if (r.namespaced) {
    items.push({
      path: `${ctx.gv}/watch/${r.plural}`, params: [...LIST_PARAMS, P.pretty],
      operations: [op(ctx, 'get', 'watch', `${r.kind}ListForAllNamespaces`, 'watchlist', { description: listDesc, produces: STREAM_TYPES, responses: [ok(watchEvent), unauthorized] })],
    });
  }
  return items;
}

/** `GET /apis/apps/v1/` (the group version's APIResourceList). */
export function resourceListPath(group: string, version: string): PathItem {
  return {
    path: `${gvPrefix(group, version)}/`,
    params: [],
    operations: [{
      method: 'get', operationId: `get${groupIdent(group)}${cap(version)}APIResources`, description: 'get available resources',
      action: '', tag: tagFor(group, version), params: [], consumes: JSON_TYPES, produces: JSON_TYPES,
      responses: [ok(`${META}.APIResourceList`), unauthorized],
    }],
  };
}
