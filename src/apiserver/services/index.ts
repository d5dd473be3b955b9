// Service IP and node port allocation as an API server extension: allocation
// when a Service is created (a store hook, so a failed create gives them
// back), the repair loop, and the `kubernetes` Service in `default`.
import type { Backend } from '../../datastore/backend.js';
import { StatusError } from '../errors.js';
import type { ApiServer, ServerExtension } from '../server.js';
import { ServiceAllocator } from './allocator.js';
import { DEFAULT_SERVICE_CIDR, ServiceIpRange } from './ranges.js';
import { ServiceRepair } from './repair.js';

export { DEFAULT_SERVICE_CIDR } from './ranges.js';

export interface ServiceAllocationOptions {
  serviceCidr?: string;
  /** The cluster DNS Service (kube-system/kube-dns) gets this IP; false: no kube-dns Service. Default: the 10th address. */
  clusterDns?: string | false;
}

export function serviceAllocation(backend: Backend, o: ServiceAllocationOptions = {}): ServerExtension {
  const serviceCidr = o.serviceCidr ?? DEFAULT_SERVICE_CIDR;
  const range = new ServiceIpRange(serviceCidr);
  let allocator: ServiceAllocator | undefined;
  let repair: ServiceRepair | undefined;
  return {
    hooks: {
      async reserve(def, obj, dryRun) {
        if (def.group !== '' || def.kind !== 'Service' || !allocator) return undefined;
        const keys = await allocator.allocate(obj, dryRun);
        return keys.length ? () => allocator!.release(keys) : undefined;
      },
    },
    init(s: ApiServer) {
      allocator = new ServiceAllocator(backend, s.cache, range);
      repair = new ServiceRepair(backend, s.cache, s.log);
      repair.start();
    },
    async ready(s: ApiServer) {
      await ensureKubernetesService(s, range).catch((e: unknown) => s.log(`creating the kubernetes Service: ${(e as Error).message}`));
      if (o.clusterDns !== false) {
        const ip = o.clusterDns ?? range.nth(10);
        await ensureDnsService(s, ip).catch((e: unknown) => s.log(`creating the kube-dns Service: ${(e as Error).message}`));
      }
    },
    stop() {
      repair?.stop();
    },
  };
}

function ignoreExists(e: unknown): void {
  if (!(e instanceof StatusError && e.reason === 'AlreadyExists')) throw e;
}

/** Whether the object is stored (after a restart it is: a create would first fail to re-allocate its IP). */
function exists(store: { get(ns: string, name: string): Promise<unknown> }, ns: string, name: string): Promise<boolean> {
  return store.get(ns, name).then(() => true, () => false);
}

/**
 * `kube-system/kube-dns`, the Service pods' resolv.conf names (as CoreDNS's
 * manifest in k3s has it). It has no selector and no endpoints: every node
 * answers on this address itself (node-local DNS; the proxy leaves it alone).
 */
async function ensureDnsService(s: ApiServer, ip: string): Promise<void> {
  const services = s.registry.lookup('', 'v1', 'services')!;
  if (await exists(services, 'kube-system', 'kube-dns')) return;
  await services
    .create('kube-system', {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: {
        name: 'kube-dns',
        labels: { 'k8s-app': 'kube-dns', 'kubernetes.io/cluster-service': 'true', 'kubernetes.io/name': 'SkiffDNS' },
        annotations: { 'skiff.dev/node-local': 'true' },
      },
      spec: {
        type: 'ClusterIP',
        clusterIP: ip,
        ports: [
          { name: 'dns', port: 53, protocol: 'UDP', targetPort: 53 },
          { name: 'dns-tcp', port: 53, protocol: 'TCP', targetPort: 53 },
        ],
        sessionAffinity: 'None',
      },
    }, { fieldManager: 'skiff' })
    .catch(ignoreExists);
}

/**
 * `default/kubernetes`: the first service IP, port 443 → the API server, and
 * its Endpoints — only when the server listens on a routable address
 * (Endpoints may not name loopback addresses).
 */
async function ensureKubernetesService(s: ApiServer, range: ServiceIpRange): Promise<void> {
  const services = s.registry.lookup('', 'v1', 'services')!;
  const endpoints = s.registry.lookup('', 'v1', 'endpoints')!;
  const host = s.host === '0.0.0.0' ? '127.0.0.1' : s.host;
  if (!(await exists(services, 'default', 'kubernetes'))) {
    await services
      .create('default', {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'kubernetes', labels: { component: 'apiserver', provider: 'kubernetes' } },
        spec: { type: 'ClusterIP', clusterIP: range.nth(1), ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: s.port }], sessionAffinity: 'None' },
      }, { fieldManager: 'skiff' })
      .catch(ignoreExists);
  }
  if (host.startsWith('127.') || host === 'localhost' || host === '::1') return;
  await endpoints
    .create('default', {
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: { name: 'kubernetes', labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' } },
      subsets: [{ addresses: [{ ip: host }], ports: [{ name: 'https', port: s.port, protocol: 'TCP' }] }],
    }, { fieldManager: 'skiff' })
    .catch(ignoreExists);
}
