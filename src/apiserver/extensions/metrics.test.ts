import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Summary } from '../../agent/server/stats.js';
import { MemoryBackend } from '../../datastore/memory.js';
import { ApiServer } from '../server.js';
import { cpuQuantity, memoryQuantity, metricsExtension } from './metrics.js';

let server: ApiServer;
let fetches = 0;
const summaries: Record<string, Summary> = {};
const time = '2024-01-01T00:00:00.000Z';
const cpu = (n: number | undefined) => ({ time, usageCoreNanoSeconds: 1, ...(n === undefined ? {} : { usageNanoCores: n }) });
const mem = (b: number) => ({ time, workingSetBytes: b });

async function call(path: string, accept = 'application/json'): Promise<{ status: number; body: any }> {
  const res = await fetch(server.url + path, { headers: { Accept: accept } });
  return { status: res.status, body: await res.json() };
}

async function post(path: string, obj: object): Promise<any> {
  const res = await fetch(server.url + path, { method: 'POST', body: JSON.stringify(obj), headers: { 'Content-Type': 'application/json' } });
  const body = await res.json();
  assert.ok(res.status < 300, JSON.stringify(body));
  return body;
}

before(async () => {
  server = new ApiServer({ backend: new MemoryBackend(), port: 0, log: () => {} }, [
    metricsExtension({
      ttlMs: 200,
      fetch: async (host, port, node) => {
        fetches++;
        assert.equal(host, '127.0.0.1');
        const s = summaries[`${node}:${port}`];
        if (!s) throw new Error('unreachable');
        return s;
      },
    }),
  ]);
  await server.start();
  const node = (name: string, port: number) => ({
    apiVersion: 'v1', kind: 'Node', metadata: { name, labels: { zone: name }, annotations: { 'skiff.dev/agent-endpoint': `127.0.0.1:${port}` } },
  });
  await post('/api/v1/nodes', node('n1', 1001));
  await post('/api/v1/nodes', node('n2', 1002));
  await post('/api/v1/nodes', { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n3' } });
  const pod = (name: string, ns: string, labels: Record<string, string>) =>
    post(`/api/v1/namespaces/${ns}/pods`, { apiVersion: 'v1', kind: 'Pod', metadata: { name, labels }, spec: { containers: [{ name: 'main', image: 'x' }] } });
  const web = await pod('web', 'default', { app: 'web' });
  const db = await pod('db', 'default', { app: 'db' });
  const sys = await pod('sys', 'kube-system', { app: 'sys' });
  const podSummary = (p: any, containers: [string, number | undefined, number][]) => ({
    podRef: { name: p.metadata.name, namespace: p.metadata.namespace, uid: p.metadata.uid },
    containers: containers.map(([name, n, b]) => ({ name, cpu: cpu(n), memory: mem(b) })),
    cpu: cpu(0), memory: mem(0),
  });
  summaries['n1:1001'] = {
    node: { nodeName: 'n1', cpu: cpu(1_500_000_000), memory: mem(2048 * 1024) },
    pods: [
      podSummary(web, [['main', 250_000_000, 10 * 1024 * 1024], ['side', 5_000_000, 1024 * 1024]]),
      podSummary(sys, [['main', 1_000_000, 4096]]),
      // Not in the API any more: left out.
      { ...podSummary(db, [['main', 1, 1]]), podRef: { name: 'gone', namespace: 'default', uid: 'x' } },
    ],
  };
  summaries['n2:1002'] = {
    node: { nodeName: 'n2', cpu: cpu(undefined), memory: mem(0) },
    pods: [podSummary(db, [['main', undefined, 1]])],
  };
});

after(async () => {
  await server?.stop();
});

test('quantities as metrics-server writes them', () => {
  assert.equal(cpuQuantity(250_000_000.4), '250000000n');
  assert.equal(memoryQuantity(10 * 1024 * 1024), '10240Ki');
});

test('discovery lists metrics.k8s.io/v1beta1 (legacy and aggregated)', async () => {
  const groups = (await call('/apis')).body;
  const g = groups.groups.find((x: any) => x.name === 'metrics.k8s.io');
  assert.equal(g.preferredVersion.groupVersion, 'metrics.k8s.io/v1beta1');
  const rl = (await call('/apis/metrics.k8s.io/v1beta1')).body;
  assert.deepEqual(rl.resources.map((r: any) => [r.name, r.kind, r.namespaced, r.verbs]), [
    ['nodes', 'NodeMetrics', false, ['get', 'list']],
    ['pods', 'PodMetrics', true, ['get', 'list']],
  ]);
  const agg = (await call('/apis', 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList')).body;
  assert.ok(agg.items.some((i: any) => i.metadata.name === 'metrics.k8s.io'));
});

test('NodeMetrics: list and get, from the agents named by the node annotation', async () => {
  const list = (await call('/apis/metrics.k8s.io/v1beta1/nodes')).body;
  assert.equal(list.kind, 'NodeMetricsList');
  // n2 has no CPU rate yet and n3 no agent: only n1.
  assert.deepEqual(list.items.map((i: any) => [i.metadata.name, i.usage.cpu, i.usage.memory, i.metadata.labels.zone]), [['n1', '1500000000n', '2048Ki', 'n1']]);
  const one = await call('/apis/metrics.k8s.io/v1beta1/nodes/n1');
  assert.equal(one.body.kind, 'NodeMetrics');
  assert.equal(one.body.apiVersion, 'metrics.k8s.io/v1beta1');
  assert.equal(one.body.timestamp, time);
  assert.equal((await call('/apis/metrics.k8s.io/v1beta1/nodes/n3')).status, 404);
});

test('PodMetrics: namespaced list, all namespaces, label selectors, get; cached briefly', async () => {
  const ns = (await call('/apis/metrics.k8s.io/v1beta1/namespaces/default/pods')).body;
  assert.equal(ns.kind, 'PodMetricsList');
  assert.deepEqual(ns.items.map((i: any) => i.metadata.name), ['web']);
  assert.deepEqual(ns.items[0].containers, [
    { name: 'main', usage: { cpu: '250000000n', memory: '10240Ki' } },
    { name: 'side', usage: { cpu: '5000000n', memory: '1024Ki' } },
  ]);
  const all = (await call('/apis/metrics.k8s.io/v1beta1/pods')).body;
  assert.deepEqual(all.items.map((i: any) => `${i.metadata.namespace}/${i.metadata.name}`), ['default/web', 'kube-system/sys']);
  const sel = (await call('/apis/metrics.k8s.io/v1beta1/pods?labelSelector=app%3Dsys')).body;
  assert.deepEqual(sel.items.map((i: any) => i.metadata.name), ['sys']);
  assert.equal((await call('/apis/metrics.k8s.io/v1beta1/namespaces/default/pods/web')).body.metadata.labels.app, 'web');
  assert.equal((await call('/apis/metrics.k8s.io/v1beta1/namespaces/default/pods/db')).status, 404);
  const before = fetches;
  await call('/apis/metrics.k8s.io/v1beta1/pods');
  assert.equal(fetches, before, 'served from the snapshot');
  await new Promise((r) => setTimeout(r, 250));
  await call('/apis/metrics.k8s.io/v1beta1/pods');
  assert.ok(fetches > before, 'refreshed after the TTL');
});

test('metrics are read-only', async () => {
  const res = await fetch(server.url + '/apis/metrics.k8s.io/v1beta1/nodes', { method: 'POST', body: '{}', headers: { 'Content-Type': 'application/json' } });
  assert.equal(res.status, 405);
});
