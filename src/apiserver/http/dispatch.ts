// Routes a resource request to its handler by verb and subresource.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { methodNotAllowed, StatusError } from '../errors.js';
import { chooseRendering } from './negotiate.js';
import { handleGet, handleList, handleWatch } from './read.js';
import type { Ctx, HandlerServices } from './request.js';
import type { ResourceRequest } from './route.js';
import { handleCreate, handleDelete, handleDeleteCollection, handleUpdate } from './write.js';
import { handlePatch } from './patch.js';
import { handleScale } from './scale.js';
import { handleBinding } from './binding.js';
import { handleEviction } from './eviction.js';

const NOT_FOUND = (): StatusError => new StatusError(404, 'NotFound', 'the server could not find the requested resource', {});

export async function dispatchResource(req: IncomingMessage, res: ServerResponse, info: ResourceRequest, query: URLSearchParams, services: HandlerServices): Promise<void> {
  const store = services.registry.lookup(info.group, info.version, info.resource);
  if (!store) throw NOT_FOUND();
  const def = store.def;
  if (!def.namespaced && info.namespace && info.resource !== 'namespaces') throw NOT_FOUND();
  const ctx: Ctx = { req, res, info, query, store, def, rendering: chooseRendering(req.headers.accept), services, warnings: [] };
  const sub = info.subresource;
  if (!def.verbs.includes(info.verb) && sub === '') throw methodNotAllowed();
  if (def.namespaced && !info.namespace && ['get', 'create', 'update', 'patch', 'delete'].includes(info.verb)) {
    if (info.verb === 'create') throw methodNotAllowed();
    throw NOT_FOUND();
  }
  if (sub === '') {
    if (info.verb === 'create' && info.name) throw methodNotAllowed();
    switch (info.verb) {
      case 'get':
        return handleGet(ctx);
      case 'list':
        return handleList(ctx);
      case 'watch':
        return handleWatch(ctx);
      case 'create':
        return handleCreate(ctx);
      case 'update':
        return handleUpdate(ctx);
      case 'patch':
        return handlePatch(ctx);
      case 'delete':
        return handleDelete(ctx);
      case 'deletecollection':
        return handleDeleteCollection(ctx);
      default:
        throw methodNotAllowed();
    }
  }
  if (!info.name) throw NOT_FOUND();
  if (sub === 'status' && def.subresources?.status) {
    if (info.verb === 'get') return handleGet(ctx);
    if (info.verb === 'update') return handleUpdate(ctx);
    if (info.verb === 'patch') return handlePatch(ctx);
    throw methodNotAllowed();
  }
  if (sub === 'scale' && def.subresources?.scale) return handleScale(ctx);
  if (sub === 'finalize' && def.group === '' && def.kind === 'Namespace' && info.verb === 'update') return handleUpdate(ctx);
  if (services.connect && (await services.connect(ctx))) return;
  if (sub === 'binding' && def.group === '' && def.kind === 'Pod') {
    if (info.verb !== 'create') throw methodNotAllowed();
    return handleBinding(ctx);
  }
  if (sub === 'eviction' && def.group === '' && def.kind === 'Pod') {
    if (info.verb !== 'create') throw methodNotAllowed();
    return handleEviction(ctx);
  }
  throw NOT_FOUND();
}
