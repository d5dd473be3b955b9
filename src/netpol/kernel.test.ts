// Real kernel, real traffic: a throwaway node netns with a bridge and pod
// netns, programmed by the controller (fed from a fake API), checked with TCP
// connections between the pods and to a routed "remote" pod.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeResourceClient } from '../client/fake.js';
import { NAMESPACES, PODS } from '../client/gvr.js';
import { InformerFactory } from '../controllers/informers.js';
import { until } from '../controllers/testing.js';
import { nftApply, nftTableExists } from '../network/nft.js';
import { runCommand } from '../network/exec.js';
import { unusedTestSubnet } from '../network/test-helpers.js';
import { NetworkPolicyController } from './controller.js';
import { namespace, pod, policy } from './fixtures.js';
import { createTestbed, type Testbed } from './testbed.js';
import { NETWORK_POLICIES, type NetworkPolicy } from './types.js';

const TABLE = `skiff-netpol-t${process.pid}`;
const NODE = 'node-1';
let bed: Testbed;
let ctrl: NetworkPolicyController;
const client = new FakeResourceClient();
const informers = new InformerFactory(client);
const logs: string[] = [];

before(async () => {
  const podNet = await unusedTestSubnet();
  let uplink = await unusedTestSubnet();
  while (uplink === podNet) uplink = await unusedTestSubnet();
  bed = await createTestbed(podNet, uplink, ['web', 'db', 'client'], 'remote');
  await Promise.all(['web', 'db', 'client', 'remote'].map((p) => bed.serve(p, 8080)));
  await bed.serve('web', 8081);
  await client.create(NAMESPACES, '', namespace('a', { team: 'a' }));
  await client.create(NAMESPACES, '', namespace('b', { team: 'b' }));
  const pods = [
    pod({ ns: 'a', name: 'web', node: NODE, ip: bed.ipOf('web'), labels: { app: 'web' }, ports: [{ name: 'http', port: 8080 }] }),
    pod({ ns: 'a', name: 'db', node: NODE, ip: bed.ipOf('db'), labels: { app: 'db' }, ports: [{ name: 'db', port: 8080 }] }),
    pod({ ns: 'b', name: 'client', node: NODE, ip: bed.ipOf('client'), labels: { app: 'client' } }),
    pod({ ns: 'b', name: 'remote', node: 'node-2', ip: bed.ipOf('remote'), labels: { app: 'remote' }, ports: [{ name: 'svc', port: 8080 }] }),
  ];
  for (const p of pods) await client.create(PODS, p.metadata!.namespace!, p);
  ctrl = new NetworkPolicyController({ informers, nodeName: NODE, table: TABLE, netns: bed.node, minSyncIntervalMs: 10, log: (l) => void logs.push(l) });
  await ctrl.start();
  await informers.start();
  await ctrl.synced();
});

after(async () => {
  await ctrl?.stop({ cleanup: true }).catch(() => {});
  informers.stop();
  await bed?.destroy();
});

/** Makes the API's policies exactly `pols`, then waits until the controller has applied them. */
async function setPolicies(...pols: NetworkPolicy[]): Promise<void> {
  const want = new Map(pols.map((p) => [`${p.metadata!.namespace}/${p.metadata!.name}`, p]));
  for (const old of client.objects<NetworkPolicy>(NETWORK_POLICIES)) {
    const key = `${old.metadata!.namespace}/${old.metadata!.name}`;
    if (!want.has(key)) await client.delete(NETWORK_POLICIES, old.metadata!.namespace!, old.metadata!.name!);
  }
  for (const [key, p] of want) {
    const cur = client.objects<NetworkPolicy>(NETWORK_POLICIES).find((o) => `${o.metadata!.namespace}/${o.metadata!.name}` === key);
    if (cur) await client.update(NETWORK_POLICIES, p.metadata!.namespace!, { ...p, metadata: { ...p.metadata, resourceVersion: cur.metadata!.resourceVersion } });
    else await client.create(NETWORK_POLICIES, p.metadata!.namespace!, p);
  }
  const inf = informers.informer(NETWORK_POLICIES);
  await until(() => inf.list().length === want.size && inf.lastSyncResourceVersion() === client.resourceVersion, 3000, 'policy informer');
  await ctrl.whenIdle();
}

/** Checks every [from, to, port, expected] connection (in parallel). */
async function expectReach(cases: [string, string, number, boolean][]): Promise<void> {
  const got = await Promise.all(cases.map(([from, to, port]) => bed.reach(from, bed.ipOf(to), port)));
  assert.deepEqual(
    cases.map(([from, to, port], i) => `${from}→${to}:${port} ${got[i] ? 'open' : 'blocked'}`),
    cases.map(([from, to, port, want]) => `${from}→${to}:${port} ${want ? 'open' : 'blocked'}`),
  );
}

const web = { matchLabels: { app: 'web' } };
const denyWebIngress = policy('a', 'deny-web', { podSelector: web, policyTypes: ['Ingress'] });

test('without policies pods reach each other (bridged) and the remote pod (routed)', async () => {
  await expectReach([['client', 'web', 8080, true], ['db', 'web', 8081, true], ['client', 'remote', 8080, true], ['remote', 'db', 8080, true]]);
});

test('default-deny ingress blocks bridged and routed traffic to the selected pod only', async () => {
  await setPolicies(denyWebIngress);
  await expectReach([['client', 'web', 8080, false], ['db', 'web', 8080, false], ['remote', 'web', 8080, false], ['client', 'db', 8080, true], ['web', 'db', 8080, true]]);
});

test('podSelector and namespaceSelector allow rules re-open ingress', async () => {
  await setPolicies(denyWebIngress, policy('a', 'from-db', { podSelector: web, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'db' } } }] }] }));
  await expectReach([['db', 'web', 8080, true], ['client', 'web', 8080, false]]);
  await setPolicies(denyWebIngress, policy('a', 'from-b', { podSelector: web, ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: 'b' } } }] }] }));
  await expectReach([['client', 'web', 8080, true], ['remote', 'web', 8080, true], ['db', 'web', 8080, false]]);
});

test('ipBlock and port rules re-open ingress; a pod relabel updates only the peer set', async () => {
  await setPolicies(denyWebIngress, policy('a', 'cidr', { podSelector: web, ingress: [{ from: [{ ipBlock: { cidr: `${bed.ipOf('remote')}/32` } }] }] }));
  await expectReach([['remote', 'web', 8080, true], ['client', 'web', 8080, false]]);
  await setPolicies(denyWebIngress, policy('a', 'port', { podSelector: web, ingress: [{ ports: [{ port: 'http' }] }] }));
  await expectReach([['client', 'web', 8080, true], ['client', 'web', 8081, false], ['remote', 'web', 8080, true]]);
  // A peer set follows pod labels without touching chains.
  await setPolicies(denyWebIngress, policy('a', 'from-x', { podSelector: web, ingress: [{ from: [{ namespaceSelector: {}, podSelector: { matchLabels: { role: 'x' } } }] }] }));
  await expectReach([['client', 'web', 8080, false]]);
  const before = ctrl.stats.incrementalSyncs;
  const cur = client.objects(PODS).find((p) => p.metadata!.name === 'client')!;
  await client.update(PODS, 'b', { ...cur, metadata: { ...cur.metadata, labels: { app: 'client', role: 'x' } } });
  await until(() => informers.informer(PODS).get('b/client')?.metadata?.labels?.role === 'x');
  await ctrl.whenIdle();
  assert.equal(ctrl.stats.incrementalSyncs, before + 1);
  assert.match(logs.join('\n'), /installed table/);
  await expectReach([['client', 'web', 8080, true], ['db', 'web', 8080, false]]);
});

test('default-deny egress blocks, egress allow rules re-open, replies of allowed connections flow', async () => {
  const client_ = { matchLabels: { app: 'client' } };
  await setPolicies(policy('b', 'deny-egress', { podSelector: client_, policyTypes: ['Egress'] }));
  await expectReach([['client', 'web', 8080, false], ['client', 'remote', 8080, false], ['web', 'client', 8080, true]]);
  await setPolicies(
    policy('b', 'deny-egress', { podSelector: client_, policyTypes: ['Egress'] }),
    policy('b', 'to-remote', { podSelector: client_, egress: [{ to: [{ ipBlock: { cidr: `${bed.ipOf('remote')}/32` } }] }] }),
    policy('b', 'to-db', { podSelector: client_, egress: [{ to: [{ namespaceSelector: { matchLabels: { team: 'a' } }, podSelector: { matchLabels: { app: 'db' } } }], ports: [{ port: 'db' }] }] }),
  );
  await expectReach([['client', 'remote', 8080, true], ['client', 'db', 8080, true], ['client', 'web', 8080, false]]);
  // web: no egress at all, ingress only from client; client's connection (and web's replies) must work.
  await setPolicies(policy('a', 'web-locked', { podSelector: web, policyTypes: ['Ingress', 'Egress'], ingress: [{ from: [{ namespaceSelector: {}, podSelector: client_ }] }] }));
  await expectReach([['client', 'web', 8080, true], ['web', 'db', 8080, false], ['web', 'remote', 8080, false], ['db', 'web', 8080, false]]);
});

test('a failed transaction (table removed behind our back) is repaired by a full rewrite', async () => {
  await setPolicies(denyWebIngress);
  const fulls = ctrl.stats.fullSyncs;
  await nftApply(`delete table inet ${TABLE}\n`, { netns: bed.node });
  await expectReach([['client', 'web', 8080, true]]);
  await setPolicies(denyWebIngress, policy('a', 'from-db', { podSelector: web, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'db' } } }] }] }));
  await until(() => ctrl.stats.fullSyncs > fulls, 5000, 'full rewrite');
  await ctrl.whenIdle();
  await expectReach([['client', 'web', 8080, false], ['db', 'web', 8080, true]]);
  assert.ok(ctrl.stats.failures >= 1);
});

test('stop with cleanup removes the table; traffic flows again', async () => {
  await setPolicies(denyWebIngress);
  await ctrl.stop({ cleanup: true });
  assert.equal(await nftTableExists('inet', TABLE, { netns: bed.node }), false);
  const r = await runCommand('ip', ['netns', 'exec', bed.node, 'cat', '/proc/sys/net/bridge/bridge-nf-call-iptables']);
  assert.equal(r.stdout.trim(), '1');
  await expectReach([['client', 'web', 8080, true]]);
});
