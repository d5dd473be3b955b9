import assert from 'node:assert/strict';
import { test } from 'node:test';
import { slice, svc } from './fixtures.js';
import { servicePlans, trafficOf } from './model.js';

const o = { nodeName: 'node-a' };
const ips = (eps: Array<{ ip: string }>): string[] => eps.map((e) => e.ip);

test('a ClusterIP service port gets its ready endpoints, sorted and deduplicated across slices', () => {
  const [p, ...rest] = servicePlans(svc('web'), [slice('web', 'a', [{ ip: '10.42.0.9' }, { ip: '10.42.0.10', ready: false }]), slice('web', 'b', [{ ip: '10.42.0.2' }, { ip: '10.42.0.9' }])], o);
  assert.equal(rest.length, 0);
  assert.equal(p!.id, 'default/web/tcp/http');
  assert.equal(p!.clusterIP, '10.96.0.10');
  assert.deepEqual(ips(p!.clusterEndpoints), ['10.42.0.2', '10.42.0.9']);
  assert.equal(p!.clusterEndpoints[0]!.port, 8080);
  assert.deepEqual(p!.localEndpoints, [], 'no Local policy: no local endpoint list');
  assert.equal(p!.hasEndpoints, true);
});

test('no ready endpoints: serving+terminating ones are used; not-serving terminating ones never', () => {
  const [p] = servicePlans(svc('web'), [slice('web', 'a', [{ ip: '10.42.0.1', ready: false, serving: true, terminating: true }, { ip: '10.42.0.2', ready: false, serving: false, terminating: true }, { ip: '10.42.0.3', ready: false }])], o);
  assert.deepEqual(ips(p!.clusterEndpoints), ['10.42.0.1']);
  const [q] = servicePlans(svc('web'), [slice('web', 'a', [{ ip: '10.42.0.1', ready: false, serving: true, terminating: true }, { ip: '10.42.0.4' }])], o);
  assert.deepEqual(ips(q!.clusterEndpoints), ['10.42.0.4'], 'a ready endpoint wins over terminating ones');
  const [r] = servicePlans(svc('web'), [], o);
  assert.equal(r!.hasEndpoints, false);
  assert.equal(trafficOf(r!).noEndpoints, 'reject');
});

test('ports are matched by name and protocol; several ports give several plans', () => {
  const s = svc('multi', { clusterIP: '10.96.1.1', ports: [{ name: 'http', port: 80, targetPort: 'web' }, { name: 'dns', protocol: 'UDP', port: 53 }, { name: 'dns-tcp', protocol: 'TCP', port: 53 }] });
  const sl = slice('multi', 'a', [{ ip: '10.42.0.5' }], [{ name: 'http', port: 8080 }, { name: 'dns', protocol: 'UDP', port: 5353 }, { name: 'dns-tcp', protocol: 'TCP', port: 5354 }]);
  const plans = servicePlans(s, [sl], o);
  assert.deepEqual(plans.map((p) => [p.id, p.port, p.clusterEndpoints.map((e) => e.port)]), [
    ['default/multi/tcp/http', 80, [8080]],
    ['default/multi/udp/dns', 53, [5353]],
    ['default/multi/tcp/dns-tcp', 53, [5354]],
  ]);
  const [unnamed] = servicePlans(svc('u', { ports: [{ port: 80 }] }), [slice('u', 'a', [{ ip: '10.42.0.5' }], [{ port: 9000 }])], o);
  assert.equal(unnamed!.id, 'default/u/tcp/');
  assert.deepEqual(unnamed!.clusterEndpoints.map((e) => e.port), [9000]);
});

test('headless and ExternalName services get no plans; skipped cluster IPs are not programmed', () => {
  assert.deepEqual(servicePlans(svc('h', { clusterIP: 'None' }), [slice('h', 'a', [{ ip: '10.42.0.1' }])], o), []);
  assert.deepEqual(servicePlans(svc('x', { type: 'ExternalName', clusterIP: undefined }), [], o), []);
  const [p] = servicePlans(svc('dns'), [], { nodeName: 'node-a', skipClusterIPs: new Set(['10.96.0.10']) });
  assert.equal(p!.clusterIP, undefined);
});

test('internalTrafficPolicy Local: only this node\'s endpoints; none local: drop rather than reject', () => {
  const eps = [{ ip: '10.42.0.1', node: 'node-a' }, { ip: '10.42.1.1', node: 'node-b' }];
  const [p] = servicePlans(svc('l', { internalTrafficPolicy: 'Local' }), [slice('l', 'a', eps)], o);
  assert.deepEqual(ips(p!.localEndpoints), ['10.42.0.1']);
  assert.deepEqual(p!.clusterEndpoints, [], 'cluster endpoints unused');
  assert.equal(trafficOf(p!).hasInternal, true);
  const [q] = servicePlans(svc('l', { internalTrafficPolicy: 'Local' }), [slice('l', 'a', [eps[1]!])], o);
  const t = trafficOf(q!);
  assert.equal(t.hasInternal, false);
  assert.equal(t.usesExternal, false);
  assert.equal(t.noEndpoints, 'drop');
});

test('externalTrafficPolicy Local keeps cluster endpoints for short-circuiting; NodePort and LB fields', () => {
  const s = svc('np', { type: 'LoadBalancer', externalTrafficPolicy: 'Local', ports: [{ name: 'http', port: 80, nodePort: 30080 }], externalIPs: ['192.0.2.7'] }, { status: { loadBalancer: { ingress: [{ ip: '192.0.2.1' }, { hostname: 'lb.example' }] } } });
  const [p] = servicePlans(s, [slice('np', 'a', [{ ip: '10.42.1.1', node: 'node-b' }])], o);
  assert.equal(p!.nodePort, 30080);
  assert.deepEqual(p!.loadBalancerIPs, ['192.0.2.1']);
  assert.deepEqual(p!.externalIPs, ['192.0.2.7']);
  assert.equal(p!.serviceLB, true);
  assert.equal(p!.externalLocal, true);
  assert.deepEqual(ips(p!.clusterEndpoints), ['10.42.1.1']);
  assert.deepEqual(p!.localEndpoints, []);
  const t = trafficOf(p!);
  assert.equal(t.usesExternal, true, 'external chain kept for pod/node short-circuit');
  assert.equal(t.hasExternal, false, 'other external traffic dropped');
  const [withClass] = servicePlans({ ...s, spec: { ...s.spec, loadBalancerClass: 'other.io/lb' } }, [], o);
  assert.equal(withClass!.serviceLB, false, 'another LB implementation owns it');
  const [noStatus] = servicePlans({ ...s, status: {} }, [], o);
  assert.equal(noStatus!.serviceLB, false);
  const [clusterType] = servicePlans(svc('c', { ports: [{ name: 'http', port: 80, nodePort: 30081 }] }), [], o);
  assert.equal(clusterType!.nodePort, undefined, 'a ClusterIP service has no node port');
});

test('ClientIP affinity defaults to 10800 s', () => {
  assert.equal(servicePlans(svc('a', { sessionAffinity: 'ClientIP' }), [], o)[0]!.affinitySeconds, 10800);
  assert.equal(servicePlans(svc('a', { sessionAffinity: 'ClientIP', sessionAffinityConfig: { clientIP: { timeoutSeconds: 60 } } }), [], o)[0]!.affinitySeconds, 60);
  assert.equal(servicePlans(svc('a'), [], o)[0]!.affinitySeconds, 0);
});
