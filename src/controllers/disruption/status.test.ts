import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Pod } from '../replicaset/pods.js';
import { scaledValue } from '../intstr.js';
import { buildDisruptedPodMap, conditionsUpToDate, countHealthyPods, nextStatus } from './status.js';
import type { Pdb } from './types.js';

const NOW = Date.parse('2024-01-01T12:00:00Z');
const ago = (s: number): string => new Date(NOW - s * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');

const pod = (name: string, ready: boolean, deleting = false): Pod => ({
  metadata: { name, ...(deleting ? { deletionTimestamp: ago(1) } : {}) },
  status: { phase: 'Running', conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] },
});

test('scaledValue: ints as is, percentages rounded', () => {
  assert.equal(scaledValue(3, 10, true), 3);
  assert.equal(scaledValue('25%', 10, true), 3);
  assert.equal(scaledValue('25%', 10, false), 2);
  assert.throws(() => scaledValue('abc', 10, true), /invalid value/);
});

test('disrupted pods count until deleted or two minutes pass', () => {
  const pdb: Pdb = { metadata: { name: 'p' }, status: { disruptedPods: { recent: ago(30), old: ago(300), gone: ago(10), deleting: ago(5) } } };
  const pods = [pod('recent', true), pod('old', true), pod('deleting', true, true), pod('other', true)];
  const { disrupted, recheckAt, expired } = buildDisruptedPodMap(pods, pdb, NOW);
  assert.deepEqual(Object.keys(disrupted), ['recent']);
  assert.equal(recheckAt, Date.parse(ago(30)) + 120000);
  assert.deepEqual(expired.map((p) => p.metadata?.name), ['old']);
  // recent is about to go, deleting is going: neither is healthy; old and other are.
  assert.equal(countHealthyPods(pods, disrupted, NOW), 2);
});

test('nextStatus: disruptionsAllowed, condition, and no write when nothing changed', () => {
  const pdb: Pdb = { metadata: { name: 'p', generation: 3 }, status: {} };
  const s = nextStatus(pdb, { currentHealthy: 3, desiredHealthy: 2, expectedPods: 3, disruptedPods: {} }, NOW)!;
  assert.equal(s.disruptionsAllowed, 1);
  assert.equal(s.observedGeneration, 3);
  const c = s.conditions!.find((x) => x.type === 'DisruptionAllowed')!;
  assert.deepEqual([c.status, c.reason, c.message], ['True', 'SufficientPods', '']);
  pdb.status = s;
  assert.equal(conditionsUpToDate(pdb), true);
  assert.equal(nextStatus(pdb, { currentHealthy: 3, desiredHealthy: 2, expectedPods: 3, disruptedPods: {} }, NOW), undefined);
  const none = nextStatus(pdb, { currentHealthy: 0, desiredHealthy: 0, expectedPods: 0, disruptedPods: {} }, NOW)!;
  assert.equal(none.disruptionsAllowed, 0, 'no expected pods: nothing may be disrupted');
  assert.equal(none.conditions!.find((x) => x.type === 'DisruptionAllowed')!.reason, 'InsufficientPods');
});
