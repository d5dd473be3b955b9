import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { MemoryBackend } from '../../datastore/memory.js';
import { ApiServer } from '../server.js';
import { MULTIPLE_PDBS_MESSAGE, PDB_VIOLATION_MESSAGE } from './eviction.js';

let server: ApiServer;
const NS = 'default';

async function api(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(server.url + path, { method, body: body === undefined ? undefined : JSON.stringify(body), headers: { 'Content-Type': 'application/json' } });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

async function ok(method: string, path: string, body?: unknown): Promise<any> {
  const r = await api(method, path, body);
  assert.ok(r.status < 300, `${method} ${path}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

const READY = [{ type: 'Ready', status: 'True' }];

async function pod(name: string, labels: Record<string, string>, phase: string, ready: boolean): Promise<void> {
  await ok('POST', `/api/v1/namespaces/${NS}/pods`, { apiVersion: 'v1', kind: 'Pod', metadata: { name, labels }, spec: { containers: [{ name: 'c', image: 'busybox' }] } });
  const cur = await ok('GET', `/api/v1/namespaces/${NS}/pods/${name}`);
  cur.status = { phase, conditions: ready ? READY : [{ type: 'Ready', status: 'False' }] };
  await ok('PUT', `/api/v1/namespaces/${NS}/pods/${name}/status`, cur);
}

async function pdb(name: string, app: string, status: Record<string, unknown>, spec: Record<string, unknown> = { minAvailable: 1 }): Promise<void> {
  const created = await ok('POST', `/apis/policy/v1/namespaces/${NS}/poddisruptionbudgets`, { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name }, spec: { selector: { matchLabels: { app } }, ...spec } });
  created.status = { observedGeneration: created.metadata.generation, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0, disruptionsAllowed: 0, ...status };
  await ok('PUT', `/apis/policy/v1/namespaces/${NS}/poddisruptionbudgets/${name}/status`, created);
}

const evict = (name: string, extra: Record<string, unknown> = {}, query = ''): Promise<{ status: number; body: any }> =>
  api('POST', `/api/v1/namespaces/${NS}/pods/${name}/eviction${query}`, { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name, namespace: NS }, ...extra });

const exists = async (name: string): Promise<boolean> => (await api('GET', `/api/v1/namespaces/${NS}/pods/${name}`)).status === 200;

before(async () => {
  server = new ApiServer({ backend: new MemoryBackend(), port: 0, log: () => {} });
  await server.start();
});

after(async () => {
  await server.stop();
});

test('discovery lists pods/eviction as policy/v1 Eviction', async () => {
  const list = await ok('GET', '/api/v1');
  const ev = list.resources.find((r: { name: string }) => r.name === 'pods/eviction');
  assert.deepEqual([ev.group, ev.version, ev.kind, ev.verbs], ['policy', 'v1', 'Eviction', ['create']]);
});

test('a pod no budget covers is deleted', async () => {
  await pod('free', { app: 'free' }, 'Running', true);
  const r = await evict('free');
  assert.equal(r.status, 201);
  assert.equal(r.body.status, 'Success');
  assert.equal(await exists('free'), false);
});

test('a budget with no disruptions allowed refuses with 429 and a DisruptionBudget cause', async () => {
  await pod('guarded', { app: 'guarded' }, 'Running', true);
  await pdb('guarded', 'guarded', { currentHealthy: 1, desiredHealthy: 1, expectedPods: 1, disruptionsAllowed: 0 });
  const r = await evict('guarded');
  assert.equal(r.status, 429);
  assert.equal(r.body.reason, 'TooManyRequests');
  assert.equal(r.body.message, PDB_VIOLATION_MESSAGE);
  assert.deepEqual(r.body.details.causes, [{ reason: 'DisruptionBudget', message: 'The disruption budget guarded needs 1 healthy pods and has 1 currently' }]);
  assert.equal(await exists('guarded'), true);
});

test('an allowing budget is decremented, records the pod and the pod is deleted', async () => {
  await pod('allowed', { app: 'allowed' }, 'Running', true);
  await pdb('allowed', 'allowed', { currentHealthy: 2, desiredHealthy: 1, expectedPods: 2, disruptionsAllowed: 1 });
  const r = await evict('allowed');
  assert.equal(r.status, 201, JSON.stringify(r.body));
  assert.equal(await exists('allowed'), false);
  const p = await ok('GET', `/apis/policy/v1/namespaces/${NS}/poddisruptionbudgets/allowed`);
  assert.equal(p.status.disruptionsAllowed, 0);
  assert.ok(p.status.disruptedPods.allowed);
  const cond = p.status.conditions.find((c: { type: string }) => c.type === 'DisruptionAllowed');
  assert.deepEqual([cond.status, cond.reason], ['False', 'InsufficientPods']);
  // The budget is spent: the next pod it covers is refused.
  await pod('allowed2', { app: 'allowed' }, 'Running', true);
  assert.equal((await evict('allowed2')).status, 429);
});

test('a stale budget (observedGeneration behind) refuses with 429', async () => {
  await pod('stale', { app: 'stale' }, 'Running', true);
  await pdb('stale', 'stale', { observedGeneration: 0, disruptionsAllowed: 3 });
  const r = await evict('stale');
  assert.equal(r.status, 429);
  assert.match(r.body.details.causes[0].message, /is still being processed by the server/);
});

test('Pending and finished pods are evicted whatever the budget says', async () => {
  await pod('pending', { app: 'blocked' }, 'Pending', false);
  await pod('done', { app: 'blocked' }, 'Succeeded', false);
  await pdb('blocked', 'blocked', { disruptionsAllowed: 0 });
  assert.equal((await evict('pending')).status, 201);
  assert.equal((await evict('done')).status, 201);
  assert.equal(await exists('pending'), false);
  assert.equal(await exists('done'), false);
});

test('an unready pod of a healthy budget goes without taking a disruption', async () => {
  await pod('unready', { app: 'healthy' }, 'Running', false);
  await pdb('healthy', 'healthy', { currentHealthy: 2, desiredHealthy: 2, disruptionsAllowed: 0 });
  assert.equal((await evict('unready')).status, 201);
  const p = await ok('GET', `/apis/policy/v1/namespaces/${NS}/poddisruptionbudgets/healthy`);
  assert.equal(p.status.disruptionsAllowed, 0);
  assert.equal(p.status.disruptedPods, undefined);
});

test('two budgets over one pod answer 500', async () => {
  await pod('double', { app: 'double' }, 'Running', true);
  await pdb('double-a', 'double', { disruptionsAllowed: 5 });
  await pdb('double-b', 'double', { disruptionsAllowed: 5 });
  const r = await evict('double');
  assert.equal(r.status, 500);
  assert.equal(r.body.message, MULTIPLE_PDBS_MESSAGE);
  assert.equal(await exists('double'), true);
});

test('dry run changes nothing; a policy/v1beta1 body is accepted; names must match', async () => {
  await pod('dry', { app: 'dry' }, 'Running', true);
  await pdb('dry', 'dry', { currentHealthy: 2, desiredHealthy: 1, disruptionsAllowed: 1 });
  assert.equal((await evict('dry', { deleteOptions: { dryRun: ['All'] } })).status, 201);
  assert.equal((await evict('dry', {}, '?dryRun=All')).status, 201);
  assert.equal(await exists('dry'), true);
  const p = await ok('GET', `/apis/policy/v1/namespaces/${NS}/poddisruptionbudgets/dry`);
  assert.equal(p.status.disruptionsAllowed, 1);
  const bad = await api('POST', `/api/v1/namespaces/${NS}/pods/dry/eviction`, { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: 'other' } });
  assert.equal(bad.status, 400);
  const beta = await api('POST', `/api/v1/namespaces/${NS}/pods/dry/eviction`, { apiVersion: 'policy/v1beta1', kind: 'Eviction', metadata: { name: 'dry' }, deleteOptions: { gracePeriodSeconds: 0 } });
  assert.equal(beta.status, 201);
  assert.equal(await exists('dry'), false);
});

test('a pod that does not exist is 404; GET on eviction is not allowed', async () => {
  assert.equal((await evict('missing')).status, 404);
  assert.equal((await api('GET', `/api/v1/namespaces/${NS}/pods/missing/eviction`)).status, 405);
});

test('a scheduled pod gets a DisruptionTarget condition and a graceful deletion', async () => {
  await ok('POST', `/api/v1/namespaces/${NS}/pods`, { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'bound' }, spec: { nodeName: 'n1', containers: [{ name: 'c', image: 'busybox' }] } });
  const r = await evict('bound', { deleteOptions: { gracePeriodSeconds: 30 } });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  const p = await ok('GET', `/api/v1/namespaces/${NS}/pods/bound`);
  assert.ok(p.metadata.deletionTimestamp);
  assert.equal(p.metadata.deletionGracePeriodSeconds, 30);
  const c = p.status.conditions.find((x: { type: string }) => x.type === 'DisruptionTarget');
  assert.deepEqual([c.status, c.reason, c.message], ['True', 'EvictionByEvictionAPI', 'Eviction API: evicting']);
});
