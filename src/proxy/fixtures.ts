// Test fixtures: Services and EndpointSlices in the shapes the API returns.
import { SERVICE_NAME_LABEL, type ProxyEndpointSlice, type ProxyService } from './types.js';

export function svc(name: string, spec: ProxyService['spec'] = {}, extra: Partial<ProxyService> = {}): ProxyService {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { namespace: 'default', name },
    spec: { type: 'ClusterIP', clusterIP: '10.96.0.10', ports: [{ name: 'http', protocol: 'TCP', port: 80, targetPort: 8080 }], ...spec },
    ...extra,
  };
}

export interface EpSpec {
  ip: string;
  node?: string;
  ready?: boolean;
  serving?: boolean;
  terminating?: boolean;
}

export function slice(service: string, name: string, eps: EpSpec[], ports: ProxyEndpointSlice['ports'] = [{ name: 'http', protocol: 'TCP', port: 8080 }]): ProxyEndpointSlice {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { namespace: 'default', name, labels: { [SERVICE_NAME_LABEL]: service } },
    addressType: 'IPv4',
    ports,
    endpoints: eps.map((e) => ({
      addresses: [e.ip],
      nodeName: e.node ?? 'node-a',
      conditions: { ready: e.ready ?? true, ...(e.serving === undefined ? {} : { serving: e.serving }), ...(e.terminating === undefined ? {} : { terminating: e.terminating }) },
    })),
  };
}
