import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fitErrorMessage } from './fit-error.js';
import { Status } from './status.js';

test('counts reasons per node, sorted, then the PostFilter message', () => {
  const statuses = new Map([
    ['a', Status.unresolvable('node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }')],
    ['b', Status.unschedulable('Insufficient cpu')],
    ['c', Status.unschedulable('Insufficient cpu', 'Insufficient memory')],
  ]);
  assert.equal(
    fitErrorMessage(3, statuses, '', 'preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.'),
    '0/3 nodes are available: 1 Insufficient memory, 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu. ' +
      'preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling..',
  );
});

test('a PreFilter message replaces the per-node histogram', () => {
  const statuses = new Map([['a', Status.unresolvable('x')]]);
  assert.equal(fitErrorMessage(1, statuses, 'pre says no'), '0/1 nodes are available: pre says no.');
});

test('FitError.message is computed, including a PostFilter message set later', async () => {
  const { FitError } = await import('./fit-error.js');
  const e = new FitError(1, new Map([['a', Status.unschedulable('Too many pods')]]));
  assert.equal(e.message, '0/1 nodes are available: 1 Too many pods.');
  e.postFilterMsg = 'preemption: x.';
  assert.equal(e.message, '0/1 nodes are available: 1 Too many pods. preemption: x..');
});
