import assert from 'node:assert/strict';
import { test } from 'node:test';
import { slice, svc } from './fixtures.js';
import { servicePlans } from './model.js';
import { serviceRules, type NftServiceRules } from './nft-rules.js';
import { diffScript, fullScript } from './nft-script.js';
import { diffTables, mergeElements, tableContent } from './nft-state.js';
import type { ProxyEndpointSlice, ProxyService } from './types.js';

const CIDR = '10.42.0.0/16';
const rulesOf = (s: ProxyService, slices: ProxyEndpointSlice[], endpointChains = false): NftServiceRules =>
  serviceRules(servicePlans(s, slices, { nodeName: 'node-a' }), { clusterCidr: CIDR, endpointChains });

test('a ClusterIP service: element to its chain, masquerade of off-cluster sources, uniform DNAT cascade, hairpin set', () => {
  const r = rulesOf(svc('web'), [slice('web', 'a', [{ ip: '10.42.0.1' }, { ip: '10.42.0.2' }, { ip: '10.42.0.3' }])]);
  assert.deepEqual(r.elements.filter((e) => e.map === 'service-ips'), [{ map: 'service-ips', key: '10.96.0.10 . tcp . 80', verdict: 'goto service-default/web/tcp/http' }]);
  assert.deepEqual(r.chains.get('service-default/web/tcp/http'), [
    'ip daddr 10.96.0.10 tcp dport 80 ip saddr != 10.42.0.0/16 jump mark-for-masquerade',
    'meta l4proto tcp numgen random mod 3 0 dnat ip to 10.42.0.1:8080',
    'meta l4proto tcp numgen random mod 2 0 dnat ip to 10.42.0.2:8080',
    'meta l4proto tcp dnat ip to 10.42.0.3:8080',
  ]);
  assert.deepEqual(r.elements.filter((e) => e.map === 'hairpin').map((e) => e.key), ['10.42.0.1 . 10.42.0.1', '10.42.0.2 . 10.42.0.2', '10.42.0.3 . 10.42.0.3']);
  assert.equal(r.sets.size, 0);
});

test('kube-proxy per-endpoint chains on request; ClientIP affinity sets per endpoint', () => {
  const r = rulesOf(svc('web', { sessionAffinity: 'ClientIP', sessionAffinityConfig: { clientIP: { timeoutSeconds: 30 } } }), [slice('web', 'a', [{ ip: '10.42.0.1' }])], true);
  const ep = 'endpoint-default/web/tcp/http__10.42.0.1/8080';
  const aff = 'affinity-30-default/web/tcp/http__10.42.0.1/8080';
  assert.deepEqual(r.chains.get('service-default/web/tcp/http')!.slice(1), [`ip saddr @${aff} goto ${ep}`, `goto ${ep}`]);
  assert.deepEqual(r.chains.get(ep), ['ip saddr 10.42.0.1 jump mark-for-masquerade', `update @${aff} { ip saddr }`, 'meta l4proto tcp dnat ip to 10.42.0.1:8080']);
  assert.deepEqual([...r.sets], [[aff, 30]]);
  const flat = rulesOf(svc('web', { sessionAffinity: 'ClientIP' }), [slice('web', 'a', [{ ip: '10.42.0.1' }])]);
  assert.deepEqual(flat.chains.get('service-default/web/tcp/http')!.slice(1), [
    `ip saddr @affinity-10800-default/web/tcp/http__10.42.0.1/8080 meta l4proto tcp update @affinity-10800-default/web/tcp/http__10.42.0.1/8080 { ip saddr } dnat ip to 10.42.0.1:8080`,
    `meta l4proto tcp update @affinity-10800-default/web/tcp/http__10.42.0.1/8080 { ip saddr } dnat ip to 10.42.0.1:8080`,
  ]);
});

test('no endpoints: reject elements for the cluster IP and node port, no chains', () => {
  const r = rulesOf(svc('np', { type: 'NodePort', ports: [{ name: 'http', port: 80, nodePort: 30080, protocol: 'UDP' }] }), []);
  assert.equal(r.chains.size, 0);
  assert.deepEqual(r.elements, [
    { map: 'no-endpoint-services', key: '10.96.0.10 . udp . 80', verdict: 'goto reject-chain' },
    { map: 'no-endpoint-nodeports', key: 'udp . 30080', verdict: 'goto reject-chain' },
  ]);
});

test('NodePort + LoadBalancer (ServiceLB) with externalTrafficPolicy Local', () => {
  const s = svc('lb', { type: 'LoadBalancer', externalTrafficPolicy: 'Local', ports: [{ name: 'http', port: 80, nodePort: 30080 }] }, { status: { loadBalancer: { ingress: [{ ip: '192.0.2.1' }] } } });
  const r = rulesOf(s, [slice('lb', 'a', [{ ip: '10.42.0.1', node: 'node-a' }, { ip: '10.42.1.1', node: 'node-b' }])]);
  const ext = 'external-default/lb/tcp/http';
  assert.deepEqual(r.elements.filter((e) => e.map !== 'hairpin').map((e) => `${e.map} ${e.key} ${e.verdict}`), [
    'service-ips 10.96.0.10 . tcp . 80 goto service-default/lb/tcp/http',
    `service-ips 192.0.2.1 . tcp . 80 goto ${ext}`,
    `service-nodeports tcp . 30080 goto ${ext}`,
    `service-nodeports tcp . 80 goto ${ext}`,
  ]);
  assert.deepEqual(r.chains.get(ext), [
    `ip saddr ${CIDR} goto service-default/lb/tcp/http`,
    'fib saddr type local jump mark-for-masquerade',
    'fib saddr type local goto service-default/lb/tcp/http',
    'goto local-default/lb/tcp/http',
  ]);
  assert.deepEqual(r.chains.get('local-default/lb/tcp/http'), ['meta l4proto tcp dnat ip to 10.42.0.1:8080']);
  const cluster = rulesOf({ ...s, spec: { ...s.spec, externalTrafficPolicy: 'Cluster' } }, [slice('lb', 'a', [{ ip: '10.42.1.1', node: 'node-b' }])]);
  assert.deepEqual(cluster.chains.get(ext), ['jump mark-for-masquerade', 'goto service-default/lb/tcp/http']);
});

test('full script: replaces the table atomically, declares chains before use, fills the maps', () => {
  const services = new Map([['default/web', rulesOf(svc('web'), [slice('web', 'a', [{ ip: '10.42.0.1' }])])]]);
  const s = fullScript('skiff-proxy-t', tableContent(services, mergeElements(services)));
  const lines = s.split('\n');
  assert.deepEqual(lines.slice(0, 3), ['add table inet skiff-proxy-t', 'delete table inet skiff-proxy-t', 'table inet skiff-proxy-t {']);
  assert.ok(lines.indexOf('\tchain service-default/web/tcp/http { }') < lines.indexOf('\tchain nat-prerouting {'));
  assert.ok(s.includes('type nat hook prerouting priority -100;'));
  assert.ok(s.includes('iifname != "lo" ip daddr 127.0.0.0/8 drop'));
  assert.ok(s.includes('fib daddr type local meta l4proto . th dport vmap @service-nodeports'));
  assert.ok(s.includes('add element inet skiff-proxy-t service-ips { 10.96.0.10 . tcp . 80 : goto service-default/web/tcp/http }'));
  assert.ok(s.includes('add element inet skiff-proxy-t hairpin { 10.42.0.1 . 10.42.0.1 }'));
});

test('incremental: one endpoint change rewrites only that service chain; removal deletes chains, sets and elements', () => {
  const a1 = rulesOf(svc('a', { sessionAffinity: 'ClientIP' }), [slice('a', 'a', [{ ip: '10.42.0.1' }, { ip: '10.42.0.2' }])]);
  const b = rulesOf(svc('b', { clusterIP: '10.96.0.11' }), [slice('b', 'b', [{ ip: '10.42.0.9' }])]);
  const old = new Map([['default/a', a1], ['default/b', b]]);
  const a2 = rulesOf(svc('a', { sessionAffinity: 'ClientIP' }), [slice('a', 'a', [{ ip: '10.42.0.1' }, { ip: '10.42.0.3' }])]);
  const next = new Map([['default/a', a2], ['default/b', b]]);
  const d = diffTables(old, next, ['default/a'], mergeElements(old), mergeElements(next));
  assert.deepEqual(d.addChains, []);
  assert.deepEqual(d.rewriteChains.map(([c]) => c), ['service-default/a/tcp/http']);
  assert.deepEqual(d.addSets, [['affinity-10800-default/a/tcp/http__10.42.0.3/8080', 10800]]);
  assert.deepEqual(d.deleteSets, ['affinity-10800-default/a/tcp/http__10.42.0.2/8080']);
  assert.deepEqual(d.deleteElements, [['hairpin', '10.42.0.2 . 10.42.0.2']]);
  assert.deepEqual(d.addElements, [['hairpin', '10.42.0.3 . 10.42.0.3', '']]);
  const script = diffScript('t', d);
  const at = (needle: string): number => script.indexOf(needle);
  assert.ok(at('flush chain inet t service-default/a/tcp/http') >= 0);
  assert.ok(at('add set inet t affinity-10800-default/a/tcp/http__10.42.0.3/8080') < at('table inet t {'), 'sets exist before rules use them');
  assert.ok(at('delete set') > at('table inet t {'), 'old sets go after the rules stop using them');
  assert.ok(!script.includes('default/b'), 'the unchanged service is untouched');

  const gone = new Map([['default/b', b]]);
  const d2 = diffTables(old, gone, ['default/a'], mergeElements(old), mergeElements(gone));
  assert.deepEqual(d2.deleteChains, ['service-default/a/tcp/http']);
  assert.ok(d2.deleteElements.some(([m, k]) => m === 'service-ips' && k === '10.96.0.10 . tcp . 80'));
  const s2 = diffScript('t', d2);
  assert.ok(s2.indexOf('delete element inet t service-ips') < s2.indexOf('delete chain inet t service-default/a/tcp/http'), 'elements pointing at a chain go first');
  assert.equal(diffScript('t', diffTables(old, old, ['default/a'], mergeElements(old), mergeElements(old))), '', 'no change, no transaction');
});

test('two services claiming one external IP and port: the first by name keeps it', () => {
  const x = rulesOf(svc('x', { externalIPs: ['192.0.2.5'] }), [slice('x', 'x', [{ ip: '10.42.0.1' }])]);
  const y = rulesOf(svc('y', { clusterIP: '10.96.0.12', externalIPs: ['192.0.2.5'] }), [slice('y', 'y', [{ ip: '10.42.0.2' }])]);
  const conflicts: string[] = [];
  const els = mergeElements(new Map([['default/y', y], ['default/x', x]]), (k, w, l) => conflicts.push(`${k} ${w} ${l}`));
  assert.equal(els.get('service-ips')!.get('192.0.2.5 . tcp . 80'), 'goto external-default/x/tcp/http');
  assert.deepEqual(conflicts, ['service-ips 192.0.2.5 . tcp . 80 default/x default/y']);
});
