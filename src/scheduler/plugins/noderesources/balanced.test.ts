import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Snapshot } from '../../framework/node-info.js';
import { makeNode, makePod, scoreAll } from '../../testing.js';
import { newBalancedAllocation } from './balanced.js';

test('BalancedAllocation prefers nodes whose cpu and memory fractions stay close', () => {
  const snap = new Snapshot(
    [makeNode('cpu-heavy', { cpu: '4', memory: '4Gi' }), makeNode('even', { cpu: '4', memory: '4Gi' })],
    [makePod('e', { nodeName: 'cpu-heavy', cpu: '3', memory: '0' })],
  );
  const s = scoreAll(newBalancedAllocation({}), makePod('p', { cpu: '1', memory: '1Gi' }), snap);
  // cpu-heavy: cpu 4/4=1, memory 1Gi/4Gi=.25 → std .375 → 62; even: .25/.25 → 100.
  assert.deepEqual(s, { 'cpu-heavy': 62, even: 100 });
});
