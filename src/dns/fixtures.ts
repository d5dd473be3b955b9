// Test fixtures: Services and EndpointSlices as the API server and the
// endpointslice controller would produce them.
import { SERVICE_NAME_LABEL, type DnsEndpointSlice, type DnsService, type DnsServicePort } from './types.js';

export function service(ns: string, name: string, spec: DnsService['spec']): DnsService {
  return { apiVersion: 'v1', kind: 'Service', metadata: { namespace: ns, name }, spec };
}

export function clusterIPService(ns: string, name: string, ip: string, ports: DnsServicePort[] = [{ name: 'http', port: 80, protocol: 'TCP' }]): DnsService {
  return service(ns, name, { type: 'ClusterIP', clusterIP: ip, clusterIPs: [ip], ports });
}

export function headlessService(ns: string, name: string, ports: DnsServicePort[] = [{ name: 'http', port: 80, protocol: 'TCP' }], publishNotReady = false): DnsService {
  return service(ns, name, { type: 'ClusterIP', clusterIP: 'None', clusterIPs: ['None'], ports, publishNotReadyAddresses: publishNotReady });
}

export interface EpSpec {
  ip: string;
  hostname?: string;
  ready?: boolean;
}

export function slice(ns: string, svc: string, sliceName: string, eps: EpSpec[], ports = [{ name: 'http', port: 8080, protocol: 'TCP' }]): DnsEndpointSlice {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { namespace: ns, name: sliceName, labels: { [SERVICE_NAME_LABEL]: svc } },
    addressType: eps[0]?.ip.includes(':') ? 'IPv6' : 'IPv4',
    endpoints: eps.map((e) => ({ addresses: [e.ip], conditions: { ready: e.ready ?? true, serving: e.ready ?? true, terminating: false }, ...(e.hostname ? { hostname: e.hostname } : {}) })),
    ports,
  };
}

export function namespace(name: string) {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name } };
}
