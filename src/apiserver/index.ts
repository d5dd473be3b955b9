// Builds the API server with every extension wired in: schemas (unknown
// fields, strategic merge patch), OpenAPI, server-side apply and managedFields,
// CRDs, and datastore compaction.
import { startCompactor, type Compactor } from '../datastore/compactor.js';
import { connectExtension } from './extensions/connect.js';
import { serviceAllocation } from './services/index.js';
import { metricsExtension } from './extensions/metrics.js';
import { CrdServing } from './extensions/crds.js';
import { FieldManagement } from './extensions/apply.js';
import { openapiRoutes } from './extensions/openapi-routes.js';
import { Schemas } from './extensions/schemas.js';
import { OpenAPIService } from './openapi/index.js';
import { ApiServer, type ApiServerOptions } from './server.js';

export interface CreateOptions extends ApiServerOptions {
  /** Run the datastore compactor (default true). */
  compaction?: boolean;
  /** Where Service cluster IPs come from (default 10.43.0.0/16). */
  serviceCidr?: string;
  /** The kube-dns Service's cluster IP (default: the service CIDR's 10th address); false: none. */
  clusterDns?: string | false;
}

export function createApiServer(o: CreateOptions): ApiServer {
  const now = o.now ?? (() => new Date());
  const schemas = new Schemas();
  let server: ApiServer | undefined;
  const openapi = new OpenAPIService(() => server!.registry.defs(), schemas.set);
  const fields = new FieldManagement(schemas, now);
  let crds: CrdServing | undefined;
  let compactor: Compactor | undefined;
  server = new ApiServer(o, [
    connectExtension(),
    serviceAllocation(o.backend, { serviceCidr: o.serviceCidr, clusterDns: o.clusterDns }),
    metricsExtension(),
    {
      routes: [openapiRoutes(openapi)],
      services: {
        schemaFor: (def) => schemas.forDef(def),
        unknownFields: (def, obj) => schemas.pruneUnknown(def, obj),
        typeCheck: (def, obj) => schemas.typeCheck(def, obj),
        serverSideApply: fields.apply,
      },
      hooks: { trackManagedFields: fields.track },
      init(s) {
        s.registry.onChange(() => openapi.invalidate());
        crds = new CrdServing(s.registry, s.cache, schemas, () => openapi.invalidate(), s.log);
        crds.start();
        if (o.compaction !== false) compactor = startCompactor(o.backend);
      },
      async stop() {
        crds?.stop();
        await compactor?.stop();
      },
    },
  ]);
  return server;
}

export { ApiServer };
