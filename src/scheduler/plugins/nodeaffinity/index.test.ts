import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Snapshot } from '../../framework/node-info.js';
import { filterAll, makeNode, makePod, reasons, scoreAll } from '../../testing.js';
import { newNodeAffinity } from './index.js';

const ERR = "node(s) didn't match Pod's node affinity/selector";
const nodes = [
  makeNode('a', { labels: { zone: 'z1', disk: 'ssd', gen: '3' } }),
  makeNode('b', { labels: { zone: 'z2', gen: '5' } }),
  makeNode('c', { labels: {} }),
];
const snap = new Snapshot(nodes, []);

test('NodeAffinity filter: nodeSelector and required terms (ORed terms, ANDed expressions, fields)', () => {
  const req = (terms: object[]) => ({ nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: terms } } }) as never;
  const cases = [
    { name: 'nothing required', pod: makePod('p'), want: { a: '', b: '', c: '' } },
    { name: 'nodeSelector', pod: makePod('p', { nodeSelector: { disk: 'ssd' } }), want: { a: '', b: ERR, c: ERR } },
    { name: 'In', pod: makePod('p', { affinity: req([{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['z2'] }] }]) }), want: { a: ERR, b: '', c: ERR } },
    { name: 'NotIn matches a missing label', pod: makePod('p', { affinity: req([{ matchExpressions: [{ key: 'zone', operator: 'NotIn', values: ['z1'] }] }]) }), want: { a: ERR, b: '', c: '' } },
    { name: 'DoesNotExist', pod: makePod('p', { affinity: req([{ matchExpressions: [{ key: 'zone', operator: 'DoesNotExist' }] }]) }), want: { a: ERR, b: ERR, c: '' } },
    { name: 'Gt', pod: makePod('p', { affinity: req([{ matchExpressions: [{ key: 'gen', operator: 'Gt', values: ['4'] }] }]) }), want: { a: ERR, b: '', c: ERR } },
    { name: 'terms are ORed', pod: makePod('p', { affinity: req([{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['z1'] }] }, { matchFields: [{ key: 'metadata.name', operator: 'In', values: ['c'] }] }]) }), want: { a: '', b: ERR, c: '' } },
    { name: 'an empty term matches nothing', pod: makePod('p', { affinity: req([{}]) }), want: { a: ERR, b: ERR, c: ERR } },
  ];
  for (const c of cases) assert.deepEqual(reasons(filterAll(newNodeAffinity(), c.pod, snap)), c.want, c.name);
});

test('NodeAffinity score: preferred weights, normalized to 100', () => {
  const pod = makePod('p', {
    affinity: {
      nodeAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: [
          { weight: 20, preference: { matchExpressions: [{ key: 'zone', operator: 'Exists' }] } },
          { weight: 60, preference: { matchExpressions: [{ key: 'disk', operator: 'In', values: ['ssd'] }] } },
        ],
      },
    },
  });
  assert.deepEqual(scoreAll(newNodeAffinity(), pod, snap), { a: 100, b: 25, c: 0 });
});
