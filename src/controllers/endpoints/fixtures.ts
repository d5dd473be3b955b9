// Test fixtures shared by the endpoint controllers' unit tests.
import type { Pod, Service } from './types.js';

export function svc(name: string, extra: Partial<NonNullable<Service['spec']>> = {}, labels?: Record<string, string>): Service {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: 'ns', uid: `uid-${name}`, labels, creationTimestamp: '2024-01-01T00:00:00Z' },
    spec: { selector: { app: 'web' }, clusterIP: '10.43.0.10', ports: [{ name: 'http', port: 80, targetPort: 'web', protocol: 'TCP' }], ...extra },
  };
}

export function pod(name: string, ip: string | undefined, ready: boolean, extra: { labels?: Record<string, string>; spec?: Partial<NonNullable<Pod['spec']>>; deleting?: boolean } = {}): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'ns', uid: `uid-${name}`, labels: extra.labels ?? { app: 'web' }, ...(extra.deleting ? { deletionTimestamp: '2024-01-02T00:00:00Z' } : {}) },
    spec: { nodeName: 'n1', containers: [{ name: 'c', ports: [{ name: 'web', containerPort: 8080, protocol: 'TCP' }] }], ...extra.spec },
    status: {
      phase: 'Running',
      ...(ip ? { podIP: ip, podIPs: [{ ip }] } : {}),
      conditions: [{ type: 'Ready', status: ready ? 'True' : 'False', lastTransitionTime: '2024-01-01T00:00:05Z' }],
    },
  };
}
