import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Snapshot } from '../../framework/node-info.js';
import { filterAll, makeNode, makePod, reasons } from '../../testing.js';
import { newNodeUnschedulable } from './index.js';

test('NodeUnschedulable filters cordoned nodes unless the pod tolerates the unschedulable taint', () => {
  const snap = new Snapshot([makeNode('ok'), makeNode('cordoned', { unschedulable: true })], []);
  const cases = [
    { pod: makePod('p'), want: { ok: '', cordoned: 'node(s) were unschedulable' } },
    { pod: makePod('t', { tolerations: [{ key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' }] }), want: { ok: '', cordoned: '' } },
  ];
  for (const c of cases) assert.deepEqual(reasons(filterAll(newNodeUnschedulable(), c.pod, snap)), c.want);
});
