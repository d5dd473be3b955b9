// The Endpoints and EndpointSlice controllers against a real `skiff up` with
// the real kubectl: pods bound to a (fake) node whose status the test patches
// Ready / NotReady with pod IPs, through the status subresource.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { kubectlJsonIfFound, kubectlOk, useSkiff, waitFor } from '../helpers/cluster.js';

interface Address {
  ip: string;
  nodeName?: string;
  hostname?: string;
  targetRef?: { kind: string; name: string; namespace: string; uid: string };
}
interface Endpoints {
  metadata: { annotations?: Record<string, string> };
  subsets?: Array<{ addresses?: Address[]; notReadyAddresses?: Address[]; ports?: Array<{ name?: string; port: number; protocol: string }> }>;
}
interface Slice {
  metadata: { name: string; labels: Record<string, string>; ownerReferences?: Array<{ kind: string; name: string; uid: string; controller?: boolean }> };
  addressType: string;
  endpoints?: Array<{ addresses: string[]; conditions: { ready: boolean; serving: boolean; terminating: boolean }; nodeName?: string; targetRef?: { name: string } }>;
  ports?: Array<{ name?: string; port: number }>;
}

describe('endpoints and endpointslice controllers against skiff up', () => {
  const c = useSkiff({ controllers: true, args: ['--controllers', 'endpoints,endpointslice,garbagecollector'] });
  const ns = `ep-${Math.random().toString(36).slice(2, 7)}`;
  const k = (args: string[], input?: string): string => kubectlOk(c(), args, { input });
  const endpoints = (): Endpoints | undefined => kubectlJsonIfFound<Endpoints>(c(), ['get', 'endpoints', 'web', '-n', ns]);
  const ips = (field: 'addresses' | 'notReadyAddresses'): string =>
    (endpoints()?.subsets ?? []).flatMap((s) => (s[field] ?? []).map((a) => a.ip)).sort().join(',');
  const slices = (): Slice[] => kubectlJsonIfFound<{ items: Slice[] }>(c(), ['get', 'endpointslices', '-n', ns, '-l', 'kubernetes.io/service-name=web'])?.items ?? [];
  const setStatus = (pod: string, ip: string, ready: boolean): void => {
    const status = { phase: 'Running', podIP: ip, podIPs: [{ ip }], conditions: [{ type: 'Ready', status: ready ? 'True' : 'False', lastTransitionTime: new Date().toISOString().replace(/\.\d+Z$/, 'Z') }] };
    k(['patch', 'pod', pod, '-n', ns, '--subresource=status', '--type=merge', '-p', JSON.stringify({ status })]);
  };

  before(() => {
    k(['create', 'namespace', ns]);
    const svc = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: ns, labels: { tier: 'front' } }, spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 'http' }] } };
    k(['create', '-f', '-'], JSON.stringify(svc));
    for (const name of ['web-a', 'web-b']) {
      const pod = {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name, namespace: ns, labels: { app: 'web' } },
        spec: { nodeName: 'fake-node', hostname: name, subdomain: 'web', containers: [{ name: 'c', image: 'busybox', ports: [{ name: 'http', containerPort: 8080 }] }] },
      };
      k(['create', '-f', '-'], JSON.stringify(pod));
    }
  });

  it('pods without IPs give an empty Endpoints and a placeholder slice', async () => {
    const ep = await waitFor(c, 'Endpoints created', endpoints);
    assert.deepEqual(ep.subsets ?? [], []);
    assert.ok(ep.metadata.annotations?.['endpoints.kubernetes.io/last-change-trigger-time']);
    const [slice] = await waitFor(c, 'placeholder slice', () => (slices().length === 1 ? slices() : undefined));
    assert.deepEqual(slice!.endpoints ?? [], []);
  });

  it('Endpoints and the EndpointSlice follow Ready / NotReady pods', async () => {
    setStatus('web-a', '10.42.0.5', true);
    setStatus('web-b', '10.42.0.6', false);
    await waitFor(c, 'Endpoints with one ready, one not ready', () => ips('addresses') === '10.42.0.5' && ips('notReadyAddresses') === '10.42.0.6');
    const ep = endpoints()!;
    const a = ep.subsets![0]!.addresses![0]!;
    assert.equal(a.nodeName, 'fake-node');
    assert.equal(a.hostname, 'web-a');
    assert.equal(a.targetRef?.kind, 'Pod');
    assert.equal(a.targetRef?.name, 'web-a');
    assert.deepEqual(ep.subsets![0]!.ports, [{ name: 'http', port: 8080, protocol: 'TCP' }]);

    const slice = await waitFor(c, 'slice with two endpoints', () => slices().find((s) => (s.endpoints ?? []).length === 2));
    assert.equal(slice.addressType, 'IPv4');
    assert.equal(slice.metadata.labels['endpointslice.kubernetes.io/managed-by'], 'endpointslice-controller.k8s.io');
    assert.equal(slice.metadata.labels['tier'], 'front');
    assert.equal(slice.metadata.ownerReferences?.[0]?.kind, 'Service');
    assert.equal(slice.metadata.ownerReferences?.[0]?.controller, true);
    assert.deepEqual(slice.ports, [{ name: 'http', port: 8080, protocol: 'TCP' }]);
    const byIp = Object.fromEntries((slice.endpoints ?? []).map((e) => [e.addresses[0], e]));
    assert.deepEqual(byIp['10.42.0.5']!.conditions, { ready: true, serving: true, terminating: false });
    assert.deepEqual(byIp['10.42.0.6']!.conditions, { ready: false, serving: false, terminating: false });
    assert.equal(byIp['10.42.0.5']!.nodeName, 'fake-node');

    setStatus('web-a', '10.42.0.5', false);
    setStatus('web-b', '10.42.0.6', true);
    await waitFor(c, 'readiness flipped in Endpoints', () => ips('addresses') === '10.42.0.6' && ips('notReadyAddresses') === '10.42.0.5');
    await waitFor(c, 'readiness flipped in the slice', () => slices().some((s) => (s.endpoints ?? []).find((e) => e.addresses[0] === '10.42.0.6')?.conditions.ready));
  });

  it('a selector-less Service keeps the Endpoints its user wrote', async () => {
    const svc = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'manual', namespace: ns }, spec: { ports: [{ port: 80 }] } };
    k(['create', '-f', '-'], JSON.stringify(svc));
    const ep = { apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'manual', namespace: ns }, subsets: [{ addresses: [{ ip: '192.168.7.7' }], ports: [{ port: 80 }] }] };
    k(['create', '-f', '-'], JSON.stringify(ep));
    await new Promise((r) => setTimeout(r, 1500));
    const got = kubectlJsonIfFound<Endpoints>(c(), ['get', 'endpoints', 'manual', '-n', ns]);
    assert.equal(got?.subsets?.[0]?.addresses?.[0]?.ip, '192.168.7.7');
    assert.equal(kubectlJsonIfFound<{ items: Slice[] }>(c(), ['get', 'endpointslices', '-n', ns, '-l', 'kubernetes.io/service-name=manual'])?.items.length, 0);
  });

  it('deleting the Service removes its Endpoints and (through the garbage collector) its slices', async () => {
    k(['delete', 'service', 'web', '-n', ns]);
    await waitFor(c, 'Endpoints deleted', () => !endpoints());
    await waitFor(c, 'EndpointSlices garbage-collected', () => slices().length === 0);
  });
});
