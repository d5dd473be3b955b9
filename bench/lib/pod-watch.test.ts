import { test } from 'node:test';
import assert from 'node:assert/strict';
import { recordEvent, type PodTimes } from './pod-watch.js';

test('recordEvent keeps the first time a pod was bound, got an agent status, ran, and was deleted', () => {
  const times = new Map<string, PodTimes>();
  recordEvent(times, 'ADDED', { metadata: { name: 'a' }, status: { phase: 'Pending' } }, 1);
  recordEvent(times, 'MODIFIED', { metadata: { name: 'a' }, spec: { nodeName: 'n' }, status: { phase: 'Pending' } }, 2);
  recordEvent(times, 'MODIFIED', { metadata: { name: 'a' }, spec: { nodeName: 'n' }, status: { phase: 'Pending', podIP: '10.0.0.2' } }, 3);
  recordEvent(times, 'MODIFIED', { metadata: { name: 'a' }, spec: { nodeName: 'n' }, status: { phase: 'Running', podIP: '10.0.0.2' } }, 4);
  recordEvent(times, 'MODIFIED', { metadata: { name: 'a' }, spec: { nodeName: 'n' }, status: { phase: 'Running' } }, 5);
  recordEvent(times, 'DELETED', { metadata: { name: 'a' }, spec: { nodeName: 'n' }, status: { phase: 'Running' } }, 6);
  assert.deepEqual(times.get('a'), { seenAt: 1, boundAt: 2, agentStatusAt: 3, runningAt: 4, deletedAt: 6 });
});

test('recordEvent ignores objects without a name and keeps pods apart', () => {
  const times = new Map<string, PodTimes>();
  recordEvent(times, 'ADDED', {}, 1);
  recordEvent(times, 'ADDED', { metadata: { name: 'b' }, status: { phase: 'Running', containerStatuses: [{}] } }, 7);
  assert.deepEqual([...times.keys()], ['b']);
  assert.deepEqual(times.get('b'), { seenAt: 7, agentStatusAt: 7, runningAt: 7 });
});
