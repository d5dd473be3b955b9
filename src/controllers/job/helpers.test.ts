import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nextBackoffRecord, remainingBackoff } from './backoff.js';
import { matchPodFailurePolicy } from './failure-policy.js';
import { firstPendingIndexes, formatIndexes, parseIndexes } from './indexes.js';
import { activePodsForRemoval } from './pods.js';
import { makeJob } from './testutil.js';
import { COMPLETION_INDEX_ANNOTATION, type Pod } from './types.js';

test('completed indexes are parsed and compressed like upstream', () => {
  assert.equal(formatIndexes([5, 1, 2, 3, 7, 8]), '1-3,5,7-8');
  assert.equal(formatIndexes([]), '');
  assert.deepEqual(parseIndexes('1-3,5,7-8', 8), [1, 2, 3, 5, 7]);
  assert.deepEqual(parseIndexes('0,x,2', 10), [0, 2]);
  assert.deepEqual(firstPendingIndexes(5, new Set([0, 2]), [pod('a', { index: 1 })], 2), [3, 4]);
});

const pod = (name: string, o: { index?: number; exit?: number; finishedAt?: string; conditions?: Array<{ type: string; status: string }>; node?: string; ready?: boolean } = {}): Pod => ({
  metadata: { name, namespace: 'ns', uid: name, annotations: o.index === undefined ? {} : { [COMPLETION_INDEX_ANNOTATION]: String(o.index) } },
  spec: { nodeName: o.node },
  status: {
    phase: o.exit === undefined ? 'Running' : o.exit === 0 ? 'Succeeded' : 'Failed',
    conditions: [...(o.conditions ?? []), ...(o.ready ? [{ type: 'Ready', status: 'True' }] : [])],
    containerStatuses: o.exit === undefined ? [] : [{ name: 'main', state: { terminated: { exitCode: o.exit, finishedAt: o.finishedAt ?? '2024-01-01T00:00:10Z' } } }],
  },
});

test('back-off doubles per failure, caps, and resets after a later success', () => {
  const t = Date.parse('2024-01-01T00:00:10Z');
  let r = nextBackoffRecord({ failuresAfterLastSuccess: 0 }, [], [pod('f1', { exit: 1 })], t);
  assert.equal(remainingBackoff(r, { baseMs: 10_000, maxMs: 360_000 }, t), 10_000);
  r = nextBackoffRecord(r, [], [pod('f2', { exit: 1 })], t);
  assert.equal(remainingBackoff(r, { baseMs: 10_000, maxMs: 360_000 }, t + 5000), 15_000);
  assert.equal(remainingBackoff({ failuresAfterLastSuccess: 10, lastFailureTime: t }, { baseMs: 10_000, maxMs: 360_000 }, t), 360_000);
  r = nextBackoffRecord(r, [pod('s', { exit: 0, finishedAt: '2024-01-01T00:00:20Z' })], [], t);
  assert.equal(r.failuresAfterLastSuccess, 0);
  assert.equal(remainingBackoff(r, { baseMs: 10_000, maxMs: 360_000 }, t), 0);
});

test('pod failure policy rules match exit codes and conditions in order', () => {
  const job = makeJob('j', {
    podFailurePolicy: {
      rules: [
        { action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget' }] },
        { action: 'FailJob', onExitCodes: { operator: 'NotIn', values: [1, 2] } },
        { action: 'Count', onExitCodes: { operator: 'In', values: [1] } },
      ],
    },
  });
  assert.deepEqual(matchPodFailurePolicy(job, pod('a', { exit: 1, conditions: [{ type: 'DisruptionTarget', status: 'True' }] })), { countFailed: false, action: 'Ignore' });
  const fail = matchPodFailurePolicy(job, pod('b', { exit: 7 }));
  assert.equal(fail.action, 'FailJob');
  assert.equal(fail.failJobMessage, 'Container main for pod ns/b failed with exit code 7 matching FailJob rule at index 1');
  assert.deepEqual(matchPodFailurePolicy(job, pod('c', { exit: 1 })), { countFailed: true, action: 'Count' });
  assert.deepEqual(matchPodFailurePolicy(job, pod('d', { exit: 2 })), { countFailed: true });
});

test('Indexed removal picks duplicate and out-of-range indexes first, then the cheapest pods', () => {
  const job = makeJob('j', { completionMode: 'Indexed', completions: 3 });
  const picked = activePodsForRemoval(job, [pod('a', { index: 0, ready: true, node: 'n' }), pod('b', { index: 0 }), pod('c', { index: 5 }), pod('d', { index: 1 })], 2);
  assert.deepEqual(picked.map((p) => p.metadata?.name).sort(), ['b', 'c']);
  const plain = makeJob('p');
  const cheap = activePodsForRemoval(plain, [pod('ready', { ready: true, node: 'n' }), pod('unscheduled')], 1);
  assert.deepEqual(cheap.map((p) => p.metadata?.name), ['unscheduled']);
});
