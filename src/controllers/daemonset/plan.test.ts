import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FailedPodBackoff, groupByNode, planManage, scaledValue } from './manage.js';
import { computeStatus } from './status.js';
import { makeDs, makeNode, makePod } from './testutil.js';
import { planRollingUpdate } from './update.js';

const NOW = Date.parse('2024-06-01T00:00:00Z');

test('manage creates on nodes without a pod and deletes misscheduled, excess, failed and orphaned-node pods', () => {
  const ds = makeDs();
  ds.spec!.template.spec!.nodeSelector = { run: 'yes' };
  const nodes = [makeNode('a', { run: 'yes' }), makeNode('b', { run: 'yes' }), makeNode('c'), makeNode('d', { run: 'yes' })];
  const pods = [
    makePod('b-old', 'b', { created: '2024-01-01T00:00:00Z' }),
    makePod('b-young', 'b', { created: '2024-01-02T00:00:00Z' }),
    makePod('c-1', 'c'),
    makePod('d-failed', 'd', { phase: 'Failed' }),
    makePod('gone-1', 'gone'),
    makePod('a-deleting', 'x', { deleting: true }),
  ];
  const plan = planManage(ds, nodes, groupByNode(pods), 'h', NOW, new FailedPodBackoff());
  assert.deepEqual(plan.createOn, ['a']);
  assert.deepEqual(plan.deletePods.sort(), ['b-young', 'c-1', 'd-failed', 'gone-1']);
  assert.deepEqual(plan.failed.map((p) => p.metadata?.name), ['d-failed']);
  // Next time round the failed pod is backing off.
  const again = planManage(ds, nodes, groupByNode(pods), 'h', NOW + 10, new FailedPodBackoff());
  assert.ok(again.deletePods.includes('d-failed'), 'a fresh backoff allows it');
  const b = new FailedPodBackoff();
  planManage(ds, nodes, groupByNode(pods), 'h', NOW, b);
  const backing = planManage(ds, nodes, groupByNode(pods), 'h', NOW + 10, b);
  assert.ok(!backing.deletePods.includes('d-failed'));
  assert.equal(backing.requeueAfterMs, 1000);
});

test('rolling update without surge deletes old pods within maxUnavailable', () => {
  const nodes = ['a', 'b', 'c', 'd'].map((n) => makeNode(n));
  const ds = makeDs('ds', { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 2, maxSurge: 0 } } });
  ds.metadata!.annotations = {};
  const pods = [makePod('a', 'a', { hash: 'old' }), makePod('b', 'b', { hash: 'old' }), makePod('c', 'c', { hash: 'old', ready: false }), makePod('d', 'd', { hash: 'new', ready: false })];
  const plan = planRollingUpdate(ds, nodes, groupByNode(pods), 'new', NOW);
  // d (new, unready) uses one unit; c (old, unready) is replaced regardless; one of a/b fits.
  assert.equal(plan.createOn.length, 0);
  assert.ok(plan.deletePods.includes('c'));
  assert.equal(plan.deletePods.length, 2);
});

test('rolling update with surge creates new pods beside old ones and deletes old once new are available', () => {
  const nodes = ['a', 'b', 'c'].map((n) => makeNode(n));
  const ds = makeDs('ds', { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } } });
  ds.metadata!.annotations = {};
  const first = planRollingUpdate(ds, nodes, groupByNode(['a', 'b', 'c'].map((n) => makePod(n, n, { hash: 'old' }))), 'new', NOW);
  assert.equal(first.createOn.length, 1, 'maxSurge 1');
  assert.deepEqual(first.deletePods, []);
  const pods = [makePod('a', 'a', { hash: 'old' }), makePod('a2', 'a', { hash: 'new' }), makePod('b', 'b', { hash: 'old' }), makePod('c', 'c', { hash: 'old' })];
  const second = planRollingUpdate(ds, nodes, groupByNode(pods), 'new', NOW);
  assert.deepEqual(second.deletePods, ['a']);
  assert.equal(second.createOn.length, 1);
  pods[1] = makePod('a2', 'a', { hash: 'new', ready: false });
  const waiting = planRollingUpdate(ds, nodes, groupByNode(pods), 'new', NOW);
  assert.deepEqual(waiting, { deletePods: [], createOn: [] }, 'an unavailable new pod holds the surge budget');
});

test('scaledValue rounds percentages up', () => {
  assert.equal(scaledValue('10%', 15, true), 2);
  assert.equal(scaledValue(3, 15, true), 3);
});

test('status counts desired, current, misscheduled, ready, available and updated pods', () => {
  const ds = makeDs();
  ds.metadata!.generation = 4;
  ds.spec!.template.spec!.nodeSelector = { run: 'yes' };
  const nodes = [makeNode('a', { run: 'yes' }), makeNode('b', { run: 'yes' }), makeNode('c', { run: 'yes' }), makeNode('x')];
  const pods = [makePod('a', 'a', { hash: 'h' }), makePod('b', 'b', { hash: 'old', ready: false }), makePod('x', 'x', { hash: 'h' })];
  assert.deepEqual(computeStatus(ds, nodes, groupByNode(pods), 'h', NOW), {
    currentNumberScheduled: 2,
    numberMisscheduled: 1,
    desiredNumberScheduled: 3,
    numberReady: 1,
    updatedNumberScheduled: 1,
    numberAvailable: 1,
    numberUnavailable: 2,
    observedGeneration: 4,
  });
});
