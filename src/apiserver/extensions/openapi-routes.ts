// /openapi/v2 (JSON or protobuf, by Accept) and /openapi/v3 (index and one
// document per group version) over the OpenAPIService.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { NonResourceHandler } from '../http/server.js';
import { parseMediaTypes } from '../http/negotiate.js';
import { send } from '../http/respond.js';
import { OpenAPIService, PROTOBUF_V2_ACCEPT_TYPES, PROTOBUF_V2_CONTENT_TYPE } from '../openapi/index.js';

function wantsProtobuf(accept: string | undefined): boolean {
  for (const m of parseMediaTypes(accept)) {
    if (PROTOBUF_V2_ACCEPT_TYPES.includes(m.type)) return true;
    if (m.type === 'application/json' || m.type === '*/*') return false;
  }
  return false;
}

function notModified(req: IncomingMessage, res: ServerResponse, etag: string): boolean {
  const quoted = `"${etag}"`;
  if (req.headers['if-none-match'] === quoted) {
    res.writeHead(304, { ETag: quoted });
    res.end();
    return true;
  }
  return false;
}

export function openapiRoutes(service: OpenAPIService): NonResourceHandler {
  return (req, res, url) => {
    const path = url.pathname.replace(/\/+$/, '');
    if (path === '/openapi/v2') {
      const etag = service.v2ETag();
      if (notModified(req, res, etag)) return true;
      if (wantsProtobuf(req.headers.accept)) send(res, 200, service.v2Protobuf(), PROTOBUF_V2_CONTENT_TYPE, { ETag: `"${etag}"`, Vary: 'Accept' });
      else send(res, 200, service.v2Json(), 'application/json', { ETag: `"${etag}"`, Vary: 'Accept' });
      return true;
    }
    if (path === '/openapi/v3') {
      send(res, 200, JSON.stringify(service.v3Index()), 'application/json');
      return true;
    }
    if (path.startsWith('/openapi/v3/')) {
      const gv = path.slice('/openapi/v3/'.length);
      const json = service.v3Json(gv);
      if (!json) return false;
      const etag = service.v3ETag(gv)!;
      if (notModified(req, res, etag)) return true;
      const hash = url.searchParams.get('hash');
      const cache = hash && hash === etag ? 'public, immutable' : 'no-cache, private';
      send(res, 200, json, 'application/json', { ETag: `"${etag}"`, 'Cache-Control': cache });
      return true;
    }
    return false;
  };
}
