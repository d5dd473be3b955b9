// Request info: what a URL and method ask for, as upstream's RequestInfoFactory
// parses it (`/apis/apps/v1/namespaces/ns/deployments/web/scale`).

export type Verb =
  | 'get'
  | 'list'
  | 'watch'
  | 'create'
  | 'update'
  | 'patch'
  | 'delete'
  | 'deletecollection'
  | 'connect';

export interface ResourceRequest {
  kind: 'resource';
  group: string;
  version: string;
  namespace: string;
  resource: string;
  name: string;
  subresource: string;
  verb: Verb;
  /** Extra path segments after the subresource (e.g. proxy paths). */
  rest: string[];
}

export interface NonResourceRequest {
  kind: 'nonresource';
  path: string;
}

export type RequestInfo = ResourceRequest | NonResourceRequest;

function verbFor(method: string, hasName: boolean, watch: boolean): Verb | undefined {
  switch (method) {
    case 'GET':
    case 'HEAD':
      if (watch) return 'watch';
      return hasName ? 'get' : 'list';
    case 'POST':
      return 'create';
    case 'PUT':
      return 'update';
    case 'PATCH':
      return 'patch';
    case 'DELETE':
      return hasName ? 'delete' : 'deletecollection';
    default:
      return undefined;
  }
}

export class MethodError extends Error {
  constructor(readonly method: string) {
    super(`method ${method} not allowed`);
    this.name = 'MethodError';
  }
}

export class PathError extends Error {
  constructor(readonly path: string) {
    super(`malformed path: ${path}`);
    this.name = 'PathError';
  }
}

/** Parses a request; anything that is not under /api/v1 or /apis/<g>/<v>/ is a non-resource path. */
export function parseRequest(method: string, pathname: string, query: URLSearchParams): RequestInfo {
  let parts: string[];
  try {
    parts = pathname.split('/').filter((p) => p !== '').map((p) => decodeURIComponent(p));
  } catch {
    throw new PathError(pathname);
  }
  let group: string;
  let version: string;
  let i: number;
  if (parts[0] === 'api' && parts.length >= 3) {
    group = '';
    version = parts[1];
    i = 2;
  } else if (parts[0] === 'apis' && parts.length >= 4) {
    group = parts[1];
    version = parts[2];
    i = 3;
  } else {
    return { kind: 'nonresource', path: pathname };
  }
  let watch = query.get('watch') === 'true' || query.get('watch') === '1';
  if (parts[i] === 'watch') {
    watch = true;
    i++;
  }
  let namespace = '';
  let cur = parts.slice(i);
  if (cur[0] === 'namespaces' && cur.length > 1) {
    namespace = cur[1];
    // `/namespaces/foo`, `/namespaces/foo/status` and `/namespaces/foo/finalize` name the namespace itself.
    if (cur.length > 2 && cur[2] !== 'status' && cur[2] !== 'finalize') cur = cur.slice(2);
  }
  const resource = cur[0] ?? '';
  const name = cur[1] ?? '';
  const subresource = cur[2] ?? '';
  const rest = cur.slice(3);
  if (resource === 'namespaces') namespace = '';
  const verb = verbFor(method, name !== '', watch);
  if (!verb) throw new MethodError(method);
  return { kind: 'resource', group, version, namespace, resource, name, subresource, verb, rest };
}
