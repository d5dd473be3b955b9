// Policy semantics (upstream networking.k8s.io/v1), stated through the
// reference evaluator over the compiled state.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compilePolicies, policyTypes } from './compile.js';
import { allowed, type Packet } from './evaluate.js';
import { namespace, pod, policy } from './fixtures.js';
import type { NetworkPolicy } from './types.js';

const NODE = 'n1';
const pods = [
  pod({ ns: 'a', name: 'web', node: NODE, ip: '10.42.0.10', labels: { app: 'web' }, ports: [{ name: 'http', port: 8080 }, { name: 'dns', port: 53, protocol: 'UDP' }] }),
  pod({ ns: 'a', name: 'db', node: NODE, ip: '10.42.0.11', labels: { app: 'db' }, ports: [{ name: 'pg', port: 5432 }] }),
  pod({ ns: 'a', name: 'client', node: NODE, ip: '10.42.0.12', labels: { app: 'client' } }),
  pod({ ns: 'b', name: 'client', node: 'n2', ip: '10.42.1.20', labels: { app: 'client' } }),
  pod({ ns: 'b', name: 'web', node: 'n2', ip: '10.42.1.21', labels: { app: 'web' }, ports: [{ name: 'http', port: 9090 }] }),
  pod({ ns: 'c', name: 'client', node: NODE, ip: '10.42.0.30', labels: { app: 'client' } }), // namespace object not cached
  pod({ ns: 'a', name: 'host', node: NODE, ip: '192.168.1.5', labels: { app: 'client' }, hostNetwork: true }),
  pod({ ns: 'a', name: 'done', node: NODE, ip: '10.42.0.99', labels: { app: 'client' }, phase: 'Succeeded' }),
  pod({ ns: 'a', name: 'pending', node: NODE, labels: { app: 'web' } }),
];
const namespaces = [namespace('a', { team: 'a' }), namespace('b', { team: 'b' })];
const IP = { web: '10.42.0.10', db: '10.42.0.11', client: '10.42.0.12', bClient: '10.42.1.20', bWeb: '10.42.1.21', cClient: '10.42.0.30', host: '192.168.1.5', done: '10.42.0.99', ext: '8.8.8.8' };

function compile(...policies: NetworkPolicy[]) {
  return compilePolicies({ pods, namespaces, policies, nodeName: NODE });
}
const tcp = (src: string, dst: string, port: number): Packet => ({ src, dst, proto: 'tcp', port });

test('without policies nothing is isolated', () => {
  const s = compile();
  assert.equal(s.pods.size, 0);
  assert.ok(allowed(s, tcp(IP.client, IP.web, 8080)));
});

test('policyTypes defaults: Ingress always, Egress only with egress rules', () => {
  assert.deepEqual([...policyTypes(policy('a', 'p', { podSelector: {} }))], ['ingress']);
  assert.deepEqual([...policyTypes(policy('a', 'p', { podSelector: {}, egress: [{}] }))], ['ingress', 'egress']);
  assert.deepEqual([...policyTypes(policy('a', 'p', { podSelector: {}, policyTypes: ['Egress'] }))], ['egress']);
  assert.deepEqual([...policyTypes(policy('a', 'p', { podSelector: {}, egress: [], ingress: [{}] }))], ['ingress']);
});

test('default-deny ingress isolates the selected local pods only, in their namespace', () => {
  const s = compile(policy('a', 'deny', { podSelector: {}, policyTypes: ['Ingress'] }));
  assert.ok(!allowed(s, tcp(IP.client, IP.web, 8080)));
  assert.ok(!allowed(s, tcp(IP.bClient, IP.web, 8080)));
  assert.ok(!allowed(s, tcp(IP.ext, IP.db, 5432)));
  assert.ok(allowed(s, tcp(IP.web, IP.bWeb, 9090)), 'egress is not isolated');
  assert.ok(allowed(s, tcp(IP.web, IP.cClient, 1)), 'pods of other namespaces are not isolated');
  assert.deepEqual([...s.pods.keys()].sort(), ['a/client', 'a/db', 'a/web'], 'no hostNetwork, finished, IP-less or remote pods');
});

test('podSelector peer: pods of the policy namespace only', () => {
  const s = compile(policy('a', 'p', { podSelector: { matchLabels: { app: 'web' } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'client' } } }] }] }));
  assert.ok(allowed(s, tcp(IP.client, IP.web, 8080)));
  assert.ok(!allowed(s, tcp(IP.bClient, IP.web, 8080)));
  assert.ok(!allowed(s, tcp(IP.cClient, IP.web, 8080)));
  assert.ok(!allowed(s, tcp(IP.host, IP.web, 8080)), 'hostNetwork pods are not selectable peers');
  assert.ok(!allowed(s, tcp(IP.done, IP.web, 8080)), 'finished pods are not peers');
  assert.ok(!allowed(s, tcp(IP.db, IP.web, 8080)));
  assert.ok(allowed(s, tcp(IP.client, IP.db, 5432)), 'db is not selected');
});

test('namespaceSelector alone: every pod of the matching namespaces; kubernetes.io/metadata.name works without the namespace cached', () => {
  const s = compile(
    policy('a', 'p', { podSelector: { matchLabels: { app: 'web' } }, ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: 'b' } } }] }] }),
    policy('a', 'q', { podSelector: { matchLabels: { app: 'db' } }, ingress: [{ from: [{ namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['c'] }] } }] }] }),
  );
  assert.ok(allowed(s, tcp(IP.bClient, IP.web, 8080)));
  assert.ok(allowed(s, tcp(IP.bWeb, IP.web, 8080)));
  assert.ok(!allowed(s, tcp(IP.client, IP.web, 8080)));
  assert.ok(allowed(s, tcp(IP.cClient, IP.db, 5432)));
  assert.ok(!allowed(s, tcp(IP.bClient, IP.db, 5432)));
});

test('namespaceSelector and podSelector in one peer: matching pods in matching namespaces', () => {
  const s = compile(policy('a', 'p', { podSelector: {}, ingress: [{ from: [{ namespaceSelector: {}, podSelector: { matchLabels: { app: 'client' } } }] }] }));
  assert.ok(allowed(s, tcp(IP.bClient, IP.web, 8080)));
  assert.ok(allowed(s, tcp(IP.cClient, IP.web, 8080)));
  assert.ok(allowed(s, tcp(IP.client, IP.web, 8080)));
  assert.ok(!allowed(s, tcp(IP.bWeb, IP.web, 8080)));
});

test('ipBlock with except; an IPv6 or malformed block matches nothing (not everything)', () => {
  const s = compile(policy('a', 'p', { podSelector: { matchLabels: { app: 'web' } }, ingress: [{ from: [{ ipBlock: { cidr: '10.42.1.0/24', except: ['10.42.1.21/32'] } }, { ipBlock: { cidr: '8.8.8.0/24' } }] }] }));
  assert.ok(allowed(s, tcp(IP.bClient, IP.web, 8080)));
  assert.ok(!allowed(s, tcp(IP.bWeb, IP.web, 8080)));
  assert.ok(allowed(s, tcp(IP.ext, IP.web, 8080)));
  assert.ok(!allowed(s, tcp(IP.client, IP.web, 8080)));
  const v6 = compile(policy('a', 'p', { podSelector: { matchLabels: { app: 'web' } }, ingress: [{ from: [{ ipBlock: { cidr: 'fd00::/8' } }] }] }));
  assert.ok(!allowed(v6, tcp(IP.client, IP.web, 8080)));
  assert.ok(!allowed(v6, tcp(IP.ext, IP.web, 8080)));
});

test('empty from = all sources; ports with protocol (TCP default), endPort ranges; no ports = all traffic', () => {
  const s = compile(
    policy('a', 'p', { podSelector: { matchLabels: { app: 'web' } }, ingress: [{ ports: [{ port: 8080 }, { protocol: 'UDP', port: 53 }, { protocol: 'SCTP', port: 9000, endPort: 9010 }] }] }),
    policy('a', 'q', { podSelector: { matchLabels: { app: 'db' } }, ingress: [{ ports: [{ protocol: 'UDP' }] }] }),
    policy('a', 'r', { podSelector: { matchLabels: { app: 'client' } }, ingress: [{}] }),
  );
  assert.ok(allowed(s, tcp(IP.ext, IP.web, 8080)));
  assert.ok(!allowed(s, tcp(IP.ext, IP.web, 8081)));
  assert.ok(!allowed(s, { src: IP.ext, dst: IP.web, proto: 'udp', port: 8080 }));
  assert.ok(allowed(s, { src: IP.ext, dst: IP.web, proto: 'udp', port: 53 }));
  assert.ok(allowed(s, { src: IP.ext, dst: IP.web, proto: 'sctp', port: 9005 }));
  assert.ok(!allowed(s, { src: IP.ext, dst: IP.web, proto: 'sctp', port: 9011 }));
  assert.ok(!allowed(s, { src: IP.ext, dst: IP.web, proto: 'icmp' }), 'ports restrict to their protocols');
  assert.ok(allowed(s, { src: IP.ext, dst: IP.db, proto: 'udp', port: 1 }), 'protocol without port: every port');
  assert.ok(!allowed(s, tcp(IP.ext, IP.db, 5432)));
  assert.ok(allowed(s, { src: IP.ext, dst: IP.client, proto: 'icmp' }), 'an empty rule allows everything');
});

test('ingress named ports resolve against the destination pod', () => {
  const s = compile(policy('a', 'p', { podSelector: {}, ingress: [{ ports: [{ port: 'http' }, { port: 'pg' }, { port: 'dns', protocol: 'UDP' }] }] }));
  assert.ok(allowed(s, tcp(IP.client, IP.web, 8080)));
  assert.ok(!allowed(s, tcp(IP.client, IP.web, 5432)), 'pg is db’s port, not web’s');
  assert.ok(allowed(s, tcp(IP.client, IP.db, 5432)));
  assert.ok(!allowed(s, tcp(IP.client, IP.db, 8080)));
  assert.ok(allowed(s, { src: IP.client, dst: IP.web, proto: 'udp', port: 53 }));
  assert.ok(!allowed(s, { src: IP.client, dst: IP.web, proto: 'tcp', port: 53 }), 'a named port carries its protocol');
  assert.ok(!allowed(s, tcp(IP.web, IP.client, 8080)), 'client has no named ports: nothing allowed');
});

test('egress: default deny, peers, named ports resolved against each destination pod', () => {
  const deny = compile(policy('a', 'deny', { podSelector: {}, policyTypes: ['Egress'] }));
  assert.ok(!allowed(deny, tcp(IP.client, IP.bWeb, 9090)));
  assert.ok(!allowed(deny, tcp(IP.client, IP.ext, 443)));
  assert.ok(allowed(deny, tcp(IP.bClient, IP.web, 8080)), 'ingress not isolated');
  const named = compile(policy('a', 'p', { podSelector: { matchLabels: { app: 'client' } }, egress: [{ ports: [{ port: 'http' }] }] }));
  assert.ok(allowed(named, tcp(IP.client, IP.web, 8080)));
  assert.ok(allowed(named, tcp(IP.client, IP.bWeb, 9090)));
  assert.ok(!allowed(named, tcp(IP.client, IP.bWeb, 8080)), 'b/web’s http is 9090');
  assert.ok(!allowed(named, tcp(IP.client, IP.ext, 8080)), 'a named port cannot match a non-pod');
  const scoped = compile(policy('a', 'p', { podSelector: { matchLabels: { app: 'client' } }, egress: [{ to: [{ namespaceSelector: { matchLabels: { team: 'b' } } }], ports: [{ port: 'http' }, { port: 53, protocol: 'UDP' }] }] }));
  assert.ok(allowed(scoped, tcp(IP.client, IP.bWeb, 9090)));
  assert.ok(!allowed(scoped, tcp(IP.client, IP.web, 8080)), 'a/web is not a peer');
  assert.ok(allowed(scoped, { src: IP.client, dst: IP.bClient, proto: 'udp', port: 53 }));
  assert.ok(!allowed(scoped, { src: IP.client, dst: IP.ext, proto: 'udp', port: 53 }));
});

test('rules of all selecting policies are a union; both ends of local traffic are checked', () => {
  const s = compile(
    policy('a', 'p1', { podSelector: { matchLabels: { app: 'web' } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'client' } } }] }] }),
    policy('a', 'p2', { podSelector: { matchLabels: { app: 'web' } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'db' } } }] }] }),
    policy('a', 'eg', { podSelector: { matchLabels: { app: 'db' } }, policyTypes: ['Egress'], egress: [{ to: [{ ipBlock: { cidr: '10.42.1.0/24' } }] }] }),
  );
  assert.ok(allowed(s, tcp(IP.client, IP.web, 8080)));
  assert.ok(!allowed(s, tcp(IP.db, IP.web, 8080)), 'web allows db in, but db’s egress allows only 10.42.1.0/24');
  assert.ok(allowed(s, tcp(IP.db, IP.bWeb, 9090)));
  assert.ok(!allowed(s, tcp(IP.bClient, IP.web, 8080)));
});
