// End to end in throwaway namespaces: Services and EndpointSlices through a
// FakeResourceClient and the shared informers to a ServiceProxy programming
// the real kernel (nftables, and the iptables fallback), with real TCP
// traffic (curl) from the "node" and from the "pod" namespace.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { FakeResourceClient } from '../client/fake.js';
import { InformerFactory } from '../controllers/informers.js';
import { until } from '../controllers/testing.js';
import { runCommand } from '../network/exec.js';
import { nftJson, nftTableExists } from '../network/nft.js';
import { cleanupProxy } from './cleanup.js';
import { slice, svc } from './fixtures.js';
import { iptNames } from './iptables-rules.js';
import { createTestbed, type Testbed } from './netns-testbed.js';
import { ServiceProxy, type ServiceProxyOptions } from './service-proxy.js';
import { ENDPOINTSLICES_GVR, SERVICES_GVR, type ProxyEndpointSlice, type ProxyService } from './types.js';

let tb: Testbed;
const table = `skiff-proxy-t${process.pid}`;
const logs: string[] = [];

interface Running {
  client: FakeResourceClient;
  informers: InformerFactory;
  proxy: ServiceProxy;
}

async function startProxy(o: Partial<ServiceProxyOptions> = {}): Promise<Running> {
  const client = new FakeResourceClient();
  const informers = new InformerFactory(client);
  const proxy = new ServiceProxy({ informers, nodeName: 'node-a', clusterCidr: tb.podCidr, table, netns: tb.node, minSyncIntervalMs: 5, log: (l) => void logs.push(l), ...o });
  const started = proxy.start(); // before the informers start, as the node may do
  await informers.start();
  await started;
  return { client, informers, proxy };
}

async function apply(r: Running, objs: Array<ProxyService | ProxyEndpointSlice>): Promise<void> {
  for (const o of objs) {
    const gvr = o.kind === 'Service' ? SERVICES_GVR : ENDPOINTSLICES_GVR;
    const cur = r.client.objects(gvr).find((x) => x.metadata?.name === o.metadata?.name);
    if (cur) await r.client.update(gvr, 'default', { ...o, metadata: { ...o.metadata, resourceVersion: cur.metadata?.resourceVersion } });
    else await r.client.create(gvr, 'default', o);
  }
  await new Promise((res) => setTimeout(res, 0));
  await r.proxy.waitIdle();
}

const web = (spec: ProxyService['spec'] = {}): ProxyService => svc('web', { clusterIP: '10.96.5.5', type: 'NodePort', ports: [{ name: 'http', port: 80, nodePort: 30080 }], ...spec });
const webSlice = (port = 8080): ProxyEndpointSlice => slice('web', 'web-1', [{ ip: tb.podIP, node: 'node-a' }], [{ name: 'http', protocol: 'TCP', port }]);

before(async () => {
  tb = await createTestbed();
  await tb.httpd(8080, 'hello-8080');
  await tb.httpd(8081, 'hello-8081');
});

after(async () => {
  await cleanupProxy(table, { netns: tb.node }).catch(() => {});
  await tb.close();
});

describe('nftables backend', () => {
  let r: Running;
  before(async () => {
    r = await startProxy({ backend: 'nftables' });
    await apply(r, [web(), webSlice(), svc('empty', { clusterIP: '10.96.5.6' })]);
  });
  after(async () => {
    await r.proxy.stop({ cleanup: true });
    r.informers.stop();
  });

  test('the table is loaded with the service elements', async () => {
    assert.equal(r.proxy.backendName, 'nftables');
    const j = await nftJson(['list', 'map', 'inet', table, 'service-ips'], { netns: tb.node });
    assert.match(JSON.stringify(j), /10\.96\.5\.5/);
    assert.match(JSON.stringify(j), /service-default\/web\/tcp\/http/);
    const route = await runCommand('ip', ['netns', 'exec', tb.node, 'cat', '/proc/sys/net/ipv4/conf/all/route_localnet']);
    assert.equal(route.stdout.trim(), '1');
  });

  test('ClusterIP from the node, NodePort on the node IP and on 127.0.0.1, hairpin from the pod itself', async () => {
    assert.equal(await tb.get(tb.node, 'http://10.96.5.5/'), 'hello-8080');
    assert.equal(await tb.get(tb.node, `http://${tb.nodeIP}:30080/`), 'hello-8080');
    assert.equal(await tb.get(tb.node, 'http://127.0.0.1:30080/'), 'hello-8080');
    assert.equal(await tb.get(tb.pod, 'http://10.96.5.5/'), 'hello-8080');
    assert.equal(await tb.get(tb.pod, `http://${tb.nodeIP}:30080/`), 'hello-8080');
  });

  test('a service without endpoints is rejected at once, not left to time out', async () => {
    const t0 = Date.now();
    assert.match(await tb.get(tb.node, 'http://10.96.5.6/', 5), /^error 7:/);
    assert.ok(Date.now() - t0 < 3000);
  });

  test('an EndpointSlice change reaches the kernel within a second, touching only that service', async () => {
    const before = r.proxy.metrics.fullSyncs;
    const t0 = Date.now();
    await apply(r, [webSlice(8081)]);
    assert.equal(await until(async () => ((await tb.get(tb.node, 'http://10.96.5.5/', 1)) === 'hello-8081' ? 'ok' : ''), 2000, 'new endpoint'), 'ok');
    assert.ok(Date.now() - t0 < 1000, `took ${Date.now() - t0} ms`);
    assert.equal(r.proxy.metrics.fullSyncs, before, 'incremental, not a rewrite');
    assert.equal(r.proxy.metrics.last?.kind, 'partial');
  });

  test('ClientIP affinity records the client in the endpoint set', async () => {
    await apply(r, [web({ sessionAffinity: 'ClientIP', sessionAffinityConfig: { clientIP: { timeoutSeconds: 60 } } })]);
    assert.equal(await tb.get(tb.node, 'http://10.96.5.5/'), 'hello-8081');
    const set = `affinity-60-default/web/tcp/http__${tb.podIP}/8081`;
    const j = JSON.stringify(await nftJson(['list', 'set', 'inet', table, set], { netns: tb.node }));
    assert.match(j, new RegExp(tb.nodeIP.replace(/\./g, '\\.')), j);
  });

  test('a deleted service loses its rules', async () => {
    await r.client.delete(SERVICES_GVR, 'default', 'web');
    await new Promise((res) => setTimeout(res, 0));
    await r.proxy.waitIdle();
    const j = JSON.stringify(await nftJson(['list', 'table', 'inet', table], { netns: tb.node }));
    assert.doesNotMatch(j, /default\/web\//);
    assert.match(await tb.get(tb.node, 'http://10.96.5.5/', 1), /^error/);
  });

  test('a table broken behind our back is rewritten in full on the next change', async () => {
    await runCommand('ip', ['netns', 'exec', tb.node, 'nft', 'delete', 'table', 'inet', table]);
    await apply(r, [web(), webSlice(8080)]);
    assert.equal(r.proxy.metrics.last?.kind, 'full');
    assert.equal(await tb.get(tb.node, 'http://10.96.5.5/'), 'hello-8080');
  });
});

describe('nftables backend with kube-proxy per-endpoint chains', () => {
  test('the same traffic works', async () => {
    const r = await startProxy({ backend: 'nftables', endpointChains: true });
    try {
      await apply(r, [web(), webSlice()]);
      const j = JSON.stringify(await nftJson(['list', 'chains', 'inet'], { netns: tb.node }));
      assert.match(j, /endpoint-default\/web\/tcp\/http__/);
      assert.equal(await tb.get(tb.node, 'http://10.96.5.5/'), 'hello-8080');
      assert.equal(await tb.get(tb.pod, 'http://10.96.5.5/'), 'hello-8080');
    } finally {
      await r.proxy.stop({ cleanup: true });
      r.informers.stop();
    }
    assert.equal(await nftTableExists('inet', table, { netns: tb.node }), false, 'stop({cleanup}) deletes the table');
  });
});

describe('iptables backend', () => {
  test('ClusterIP, NodePort on 127.0.0.1, hairpin, reject; cleanup removes every chain', async () => {
    const r = await startProxy({ backend: 'iptables' });
    try {
      assert.equal(r.proxy.backendName, 'iptables');
      await apply(r, [web(), webSlice(), svc('empty', { clusterIP: '10.96.5.6' })]);
      assert.equal(await tb.get(tb.node, 'http://10.96.5.5/'), 'hello-8080');
      assert.equal(await tb.get(tb.node, 'http://127.0.0.1:30080/'), 'hello-8080');
      assert.equal(await tb.get(tb.pod, 'http://10.96.5.5/'), 'hello-8080');
      assert.match(await tb.get(tb.node, 'http://10.96.5.6/', 5), /^error 7:/);
      await apply(r, [webSlice(8081)]);
      assert.equal(r.proxy.metrics.last?.kind, 'partial');
      assert.equal(await tb.get(tb.node, 'http://10.96.5.5/'), 'hello-8081');
    } finally {
      await r.proxy.stop({ cleanup: true });
      r.informers.stop();
    }
    const prefix = iptNames(table).prefix;
    for (const t of ['nat', 'filter']) {
      const s = await runCommand('ip', ['netns', 'exec', tb.node, 'iptables', '-t', t, '-S']);
      assert.ok(!s.stdout.includes(prefix), `${t} still has ${prefix}: ${s.stdout}`);
    }
    await cleanupProxy(table, { netns: tb.node }); // idempotent
  });
});
