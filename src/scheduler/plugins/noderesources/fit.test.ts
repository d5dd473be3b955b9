import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Snapshot } from '../../framework/node-info.js';
import { filterAll, makeNode, makePod, reasons, scoreAll } from '../../testing.js';
import { newNodeResourcesFit } from './fit.js';

test('NodeResourcesFit filter: cpu, memory, pods, ephemeral-storage and extended resources', () => {
  const nodes = [
    makeNode('big', { cpu: '4', memory: '8Gi', extra: { 'example.com/gpu': '2', 'ephemeral-storage': '10Gi' } }),
    makeNode('small', { cpu: '1', memory: '1Gi' }),
    makeNode('full', { cpu: '8', memory: '8Gi', pods: '1' }),
  ];
  const existing = [makePod('e1', { nodeName: 'big', cpu: '3' }), makePod('e2', { nodeName: 'full' })];
  const snap = new Snapshot(nodes, existing);
  const cases = [
    { name: 'fits everywhere with room', pod: makePod('p', { cpu: '500m', memory: '512Mi' }), want: { big: '', small: '', full: 'Too many pods' } },
    { name: 'cpu counts existing pods', pod: makePod('p', { cpu: '1500m' }), want: { big: 'Insufficient cpu', small: 'Insufficient cpu', full: 'Too many pods' } },
    { name: 'memory', pod: makePod('p', { memory: '2Gi' }), want: { big: '', small: 'Insufficient memory', full: 'Too many pods' } },
    { name: 'several reasons on one node', pod: makePod('p', { cpu: '2', memory: '2Gi' }), want: { big: 'Insufficient cpu', small: 'Insufficient cpu; Insufficient memory', full: 'Too many pods' } },
    { name: 'extended resource absent from a node', pod: makePod('p', { extra: { 'example.com/gpu': '1' } }), want: { big: '', small: 'Insufficient example.com/gpu', full: 'Too many pods; Insufficient example.com/gpu' } },
    { name: 'ephemeral storage', pod: makePod('p', { extra: { 'ephemeral-storage': '1Gi' } }), want: { big: '', small: 'Insufficient ephemeral-storage', full: 'Too many pods; Insufficient ephemeral-storage' } },
  ];
  for (const c of cases) assert.deepEqual(reasons(filterAll(newNodeResourcesFit({}), c.pod, snap)), c.want, c.name);
});

test('NodeResourcesFit score (LeastAllocated) prefers the emptier node', () => {
  const snap = new Snapshot([makeNode('busy', { cpu: '4', memory: '4Gi' }), makeNode('idle', { cpu: '4', memory: '4Gi' })], [makePod('e', { nodeName: 'busy', cpu: '2', memory: '2Gi' })]);
  const s = scoreAll(newNodeResourcesFit({}), makePod('p', { cpu: '1', memory: '1Gi' }), snap);
  // busy: cpu (4000-3000)/4000 → 25, memory 25 → 25; idle: 75, 75 → 75.
  assert.deepEqual(s, { busy: 25, idle: 75 });
});
