// The nft renderer: rule text per allow-rule kind, content-addressed chains
// shared by pods with equal rules, and incremental scripts that touch only
// what changed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compilePolicies } from './compile.js';
import { namespace, pod, policy } from './fixtures.js';
import { chainRules, EGRESS_MAP, emptyRuleset, INGRESS_MAP, ruleText, toRuleset } from './render.js';
import { diffScript, fullScript } from './script.js';
import type { NetworkPolicy, Pod } from './types.js';

test('rule text per peer and port kind', () => {
  const policy = 'a/p';
  assert.equal(ruleText('ingress', { peer: { kind: 'any' }, ports: null, policy }), 'accept comment "a/p"');
  assert.equal(ruleText('ingress', { peer: { kind: 'set', set: 'ps-1' }, ports: [{ proto: 'tcp', from: 80, to: 80 }], policy }), 'ip saddr @ps-1 meta l4proto tcp th dport 80 accept comment "a/p"');
  assert.equal(ruleText('egress', { peer: { kind: 'set', set: 'ps-1' }, ports: [{ proto: 'udp', from: 0, to: 65535 }], policy }), 'ip daddr @ps-1 meta l4proto udp return comment "a/p"');
  assert.equal(
    ruleText('ingress', { peer: { kind: 'cidr', cidr: '10.0.0.0/8', except: ['10.1.0.0/16', '10.2.0.0/16'] }, ports: [{ proto: 'tcp', from: 80, to: 90 }, { proto: 'sctp', from: 7, to: 7 }], policy }),
    'ip saddr 10.0.0.0/8 ip saddr != { 10.1.0.0/16, 10.2.0.0/16 } meta l4proto . th dport { tcp . 80-90, sctp . 7 } accept comment "a/p"',
  );
  assert.equal(ruleText('egress', { portSet: 'np-9', policy }), 'ip daddr . meta l4proto . th dport @np-9 return comment "a/p"');
  assert.deepEqual(chainRules('egress', [{ peer: { kind: 'any' }, ports: null, policy }, { peer: { kind: 'any' }, ports: null, policy }]), [
    'return comment "a/p"',
    'counter drop comment "egress not allowed by policy"',
  ]);
});

const NODE = 'n1';
function state(pods: Pod[], policies: NetworkPolicy[]) {
  return toRuleset(compilePolicies({ pods, namespaces: [namespace('a')], policies, nodeName: NODE }));
}
const web = (i: number, labels: Record<string, string> = { app: 'web' }) => pod({ ns: 'a', name: `web${i}`, node: NODE, ip: `10.42.0.${10 + i}`, labels });
const client = (labels: Record<string, string> = { app: 'client' }) => pod({ ns: 'a', name: 'client', node: 'n2', ip: '10.42.1.5', labels });
const allowClients = policy('a', 'p', { podSelector: { matchLabels: { app: 'web' } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'client' } } }] }] });

test('pods with the same rules share one chain; map elements point pod IPs at it', () => {
  const rs = state([web(1), web(2), client()], [allowClients]);
  assert.equal(rs.chains.size, 1);
  const [chain] = [...rs.chains.keys()];
  assert.match(chain!, /^in-[0-9a-f]{16}$/);
  assert.deepEqual([...rs.ingress], [['10.42.0.11', chain], ['10.42.0.12', chain]]);
  assert.equal(rs.egress.size, 0);
  const [set] = [...rs.sets.values()];
  assert.deepEqual([...set!.elems], ['10.42.1.5']);
});

test('full script: resets the table, base chain on hook forward, conntrack first', () => {
  const s = fullScript('tbl', state([web(1), client()], [allowClients]));
  const lines = s.trim().split('\n');
  assert.deepEqual(lines.slice(0, 3), ['table inet tbl {}', 'delete table inet tbl', 'add table inet tbl']);
  assert.ok(lines.includes('add chain inet tbl forward { type filter hook forward priority filter; policy accept; }'));
  const ct = lines.indexOf('add rule inet tbl forward ct state established,related accept');
  assert.ok(ct > 0 && ct < lines.indexOf(`add rule inet tbl forward ip saddr vmap @${EGRESS_MAP}`));
  assert.ok(lines.indexOf(`add rule inet tbl forward ip saddr vmap @${EGRESS_MAP}`) < lines.indexOf(`add rule inet tbl forward ip daddr vmap @${INGRESS_MAP}`));
  assert.ok(lines.some((l) => /^add element inet tbl ingress-pods \{ 10\.42\.0\.11 : jump in-[0-9a-f]+ \}$/.test(l)));
});

test('diff: nothing changed → empty; a peer relabelled → only set elements; a policy removed → map, chain, set deleted in order', () => {
  const before = state([web(1), client()], [allowClients]);
  assert.equal(diffScript('t', before, state([web(1), client()], [allowClients])), '');
  const relabel = diffScript('t', before, state([web(1), client({ app: 'other' })], [allowClients]));
  assert.match(relabel, /^delete element inet t ps-[0-9a-f]+ \{ 10\.42\.1\.5 \}\n$/);
  const removed = diffScript('t', before, state([web(1), client()], [])).trim().split('\n');
  assert.equal(removed.length, 3);
  assert.match(removed[0]!, /^delete element inet t ingress-pods \{ 10\.42\.0\.11 \}$/);
  assert.match(removed[1]!, /^delete chain inet t in-/);
  assert.match(removed[2]!, /^delete set inet t ps-/);
});

test('diff: a new pod joins the shared chain with one element; changed rules get a new chain and the element is replaced', () => {
  const before = state([web(1), client()], [allowClients]);
  const added = diffScript('t', before, state([web(1), web(2), client()], [allowClients]));
  assert.match(added, /^add element inet t ingress-pods \{ 10\.42\.0\.12 : jump in-[0-9a-f]+ \}\n$/);
  const ports = policy('a', 'p', { podSelector: { matchLabels: { app: 'web' } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'client' } } }], ports: [{ port: 80 }] }] });
  const after = state([web(1), client()], [ports]);
  const lines = diffScript('t', before, after).trim().split('\n');
  const [oldChain] = before.chains.keys();
  const [newChain] = after.chains.keys();
  assert.notEqual(oldChain, newChain);
  assert.deepEqual(lines.map((l) => l.split(' ').slice(0, 2).join(' ')), ['add chain', 'add rule', 'add rule', 'delete element', 'add element', 'delete chain']);
  assert.equal(lines.at(-1), `delete chain inet t ${oldChain}`);
});

test('diff from an empty ruleset creates sets before the chains that use them', () => {
  const lines = diffScript('t', emptyRuleset(), state([web(1), client()], [allowClients])).trim().split('\n');
  const set = lines.findIndex((l) => l.startsWith('add set inet t ps-'));
  const rule = lines.findIndex((l) => l.includes('@ps-'));
  assert.ok(set >= 0 && set < rule);
  assert.ok(lines.indexOf(lines.find((l) => l.startsWith('add element inet t ps-'))!) < rule);
});
