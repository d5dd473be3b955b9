import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Pod } from './pods.js';
import { deletionCost, podsToDelete } from './rank.js';

const NOW = Date.parse('2024-01-01T12:00:00Z');
const ago = (s: number): string => new Date(NOW - s * 1000).toISOString();

function pod(name: string, o: { node?: string; phase?: string; ready?: boolean; readyAgo?: number; restarts?: number; createdAgo?: number; cost?: string } = {}): Pod {
  const conditions = o.ready ? [{ type: 'Ready', status: 'True', lastTransitionTime: ago(o.readyAgo ?? 1000) }] : [];
  return {
    metadata: { name, uid: name, creationTimestamp: ago(o.createdAgo ?? 1000), annotations: o.cost ? { 'controller.kubernetes.io/pod-deletion-cost': o.cost } : {} },
    spec: { nodeName: o.node },
    status: { phase: o.phase ?? 'Running', conditions, containerStatuses: [{ name: 'c', restartCount: o.restarts ?? 0 }] },
  };
}

const names = (ps: Pod[]): string[] => ps.map((p) => String(p.metadata?.name));

test('unassigned pods go before assigned ones', () => {
  const pods = [pod('assigned', { node: 'n1', ready: true }), pod('unassigned', { phase: 'Pending' })];
  assert.deepEqual(names(podsToDelete(pods, [], 1, NOW)), ['unassigned']);
});

test('Pending before Unknown before Running', () => {
  const pods = [pod('running', { node: 'n' }), pod('unknown', { node: 'n', phase: 'Unknown' }), pod('pending', { node: 'n', phase: 'Pending' })];
  assert.deepEqual(names(podsToDelete(pods, [], 2, NOW)), ['pending', 'unknown']);
});

test('not ready before ready; lower deletion cost first', () => {
  const pods = [pod('ready', { node: 'n', ready: true }), pod('notready', { node: 'n' })];
  assert.deepEqual(names(podsToDelete(pods, [], 1, NOW)), ['notready']);
  const costed = [pod('expensive', { node: 'n', ready: true, cost: '100' }), pod('cheap', { node: 'n', ready: true, cost: '-5' })];
  assert.deepEqual(names(podsToDelete(costed, [], 1, NOW)), ['cheap']);
  assert.equal(deletionCost(pod('x', { cost: 'abc' })), 0);
});

test('pods on nodes crowded with related pods go first', () => {
  const a = pod('a', { node: 'n1', ready: true });
  const b = pod('b', { node: 'n2', ready: true });
  const related = [a, b, pod('r1', { node: 'n2', ready: true }), pod('r2', { node: 'n2', ready: true })];
  assert.deepEqual(names(podsToDelete([a, b], related, 1, NOW)), ['b']);
});

test('recently ready, more restarts, then newer pods go first', () => {
  const recent = pod('recent', { node: 'n', ready: true, readyAgo: 10 });
  const old = pod('old', { node: 'n', ready: true, readyAgo: 100000 });
  assert.deepEqual(names(podsToDelete([old, recent], [], 1, NOW)), ['recent']);
  const crashy = pod('crashy', { node: 'n', restarts: 5 });
  const calm = pod('calm', { node: 'n', restarts: 0 });
  assert.deepEqual(names(podsToDelete([calm, crashy], [], 1, NOW)), ['crashy']);
  const young = pod('young', { node: 'n', createdAgo: 5 });
  const elder = pod('elder', { node: 'n', createdAgo: 86400 });
  assert.deepEqual(names(podsToDelete([elder, young], [], 1, NOW)), ['young']);
});

test('deleting all pods needs no ranking', () => {
  const pods = [pod('a'), pod('b')];
  assert.deepEqual(names(podsToDelete(pods, [], 5, NOW)), ['a', 'b']);
});
