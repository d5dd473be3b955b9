import assert from 'node:assert/strict';
import { test } from 'node:test';
import { slice, svc } from './fixtures.js';
import { iptNames, iptRestoreScript, iptServiceChains, iptTopLevel } from './iptables-rules.js';
import { servicePlans } from './model.js';

const n = iptNames('skiff-proxy-0123abcd');
const o = { nodeName: 'node-a' };

test('chain names carry the per-table prefix and fit iptables\' 28 characters', () => {
  const plans = servicePlans(svc('a-very-long-service-name-that-goes-on-and-on', { type: 'NodePort', ports: [{ name: 'http', port: 80, nodePort: 30080 }] }), [slice('a-very-long-service-name-that-goes-on-and-on', 'a', [{ ip: '10.42.0.1' }, { ip: '10.42.0.2' }])], o);
  const chains = iptServiceChains(plans, '10.42.0.0/16', n);
  assert.equal(chains.size, 4, 'SVC, EXT and two SEP chains');
  for (const c of [...chains.keys(), ...Object.values(n).filter((x) => x !== n.prefix)]) {
    assert.ok(c.startsWith(n.prefix), c);
    assert.ok(c.length <= 28, `${c} is ${c.length} characters`);
  }
  assert.notEqual(iptNames('skiff-proxy-other').prefix, n.prefix);
});

test('kube-proxy iptables-mode rules: masquerade, random cascade, DNAT, recent for affinity', () => {
  const [p] = servicePlans(svc('web', { sessionAffinity: 'ClientIP', sessionAffinityConfig: { clientIP: { timeoutSeconds: 60 } } }), [slice('web', 'a', [{ ip: '10.42.0.1' }, { ip: '10.42.0.2' }])], o);
  const chains = iptServiceChains([p!], '10.42.0.0/16', n);
  const [svcChain, svcRules] = [...chains].find(([c]) => c.includes('-SVC-'))!;
  assert.equal(svcRules[0], `-d 10.96.0.10/32 -p tcp --dport 80 ! -s 10.42.0.0/16 -j ${n.markMasq}`);
  assert.match(svcRules[1]!, /^-m recent --name SKP-\w+-SEP-\w+ --mask 255.255.255.255 --rsource --rcheck --seconds 60 --reap -j SKP-/);
  assert.match(svcRules[3]!, /^-m statistic --mode random --probability 0.5000000000 -j /);
  assert.match(svcRules[4]!, /^-j SKP-\w+-SEP-/);
  const sep = chains.get(svcRules[4]!.slice(3))!;
  assert.deepEqual(sep, [`-s 10.42.0.2/32 -j ${n.markMasq}`, `-p tcp -m recent --name ${svcRules[4]!.slice(3)} --mask 255.255.255.255 --rsource --set -j DNAT --to-destination 10.42.0.2:8080`]);
  const top = iptTopLevel([[p!]], n);
  assert.deepEqual(top.nat.get(n.services), [`-d 10.96.0.10/32 -p tcp --dport 80 -j ${svcChain}`, `-m addrtype --dst-type LOCAL -j ${n.nodeports}`]);
});

test('no endpoints: REJECT in the filter chain for the cluster IP and the node port; 127/8 guard first', () => {
  const plans = servicePlans(svc('np', { type: 'NodePort', ports: [{ name: 'http', port: 80, nodePort: 30080 }] }), [], o);
  assert.equal(iptServiceChains(plans, '10.42.0.0/16', n).size, 0);
  const fw = iptTopLevel([plans], n).filter.get(n.firewall)!;
  assert.deepEqual(fw, [
    '-d 127.0.0.0/8 ! -s 127.0.0.0/8 -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT -j DROP',
    '-m conntrack --ctstate NEW -d 10.96.0.10/32 -p tcp --dport 80 -j REJECT',
    '-m conntrack --ctstate NEW -m addrtype --dst-type LOCAL -p tcp --dport 30080 -j REJECT',
  ]);
});

test('restore script: declares (creates or flushes) chains, fills them, deletes the removed ones last', () => {
  const s = iptRestoreScript({ nat: { write: [['A', ['-j RETURN']]], remove: ['B'] }, filter: { write: [], remove: [] } });
  assert.equal(s, '*nat\n:A - [0:0]\n:B - [0:0]\n-A A -j RETURN\n-X B\nCOMMIT\n');
});
