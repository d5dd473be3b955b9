import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Snapshot } from '../../framework/node-info.js';
import { filterAll, makeNode, makePod, reasons, scoreAll } from '../../testing.js';
import { newTaintToleration } from './index.js';

test('TaintToleration filter: NoSchedule/NoExecute need a toleration; not-ready nodes carry an implied taint', () => {
  const snap = new Snapshot(
    [
      makeNode('clean'),
      makeNode('master', { taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] }),
      makeNode('gpu', { taints: [{ key: 'gpu', value: 'true', effect: 'NoExecute' }] }),
      makeNode('soft', { taints: [{ key: 'x', effect: 'PreferNoSchedule' }] }),
      makeNode('down', { ready: 'False' }),
      makeNode('lost', { ready: 'Unknown' }),
    ],
    [],
  );
  const cases = [
    {
      name: 'no tolerations',
      pod: makePod('p'),
      want: {
        clean: '',
        master: 'node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }',
        gpu: 'node(s) had untolerated taint {gpu: true}',
        soft: '',
        down: 'node(s) had untolerated taint {node.kubernetes.io/not-ready: }',
        lost: 'node(s) had untolerated taint {node.kubernetes.io/unreachable: }',
      },
    },
    {
      name: 'Equal toleration with value, and tolerate everything with an empty key and Exists',
      pod: makePod('p', { tolerations: [{ key: 'gpu', operator: 'Equal', value: 'true' }, { operator: 'Exists', effect: 'NoSchedule' }] }),
      want: { clean: '', master: '', gpu: '', soft: '', down: '', lost: '' },
    },
    {
      name: 'wrong value or effect does not tolerate',
      pod: makePod('p', { tolerations: [{ key: 'gpu', value: 'false' }, { key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoExecute' }] }),
      want: {
        clean: '',
        master: 'node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }',
        gpu: 'node(s) had untolerated taint {gpu: true}',
        soft: '',
        down: 'node(s) had untolerated taint {node.kubernetes.io/not-ready: }',
        lost: 'node(s) had untolerated taint {node.kubernetes.io/unreachable: }',
      },
    },
  ];
  for (const c of cases) assert.deepEqual(reasons(filterAll(newTaintToleration(), c.pod, snap)), c.want, c.name);
});

test('TaintToleration score: fewer intolerable PreferNoSchedule taints is better', () => {
  const snap = new Snapshot(
    [
      makeNode('none'),
      makeNode('one', { taints: [{ key: 'a', effect: 'PreferNoSchedule' }] }),
      makeNode('two', { taints: [{ key: 'a', effect: 'PreferNoSchedule' }, { key: 'b', effect: 'PreferNoSchedule' }] }),
    ],
    [],
  );
  assert.deepEqual(scoreAll(newTaintToleration(), makePod('p'), snap), { none: 100, one: 50, two: 0 });
  assert.deepEqual(scoreAll(newTaintToleration(), makePod('p', { tolerations: [{ key: 'b', operator: 'Exists', effect: 'PreferNoSchedule' }] }), snap), { none: 100, one: 0, two: 0 });
});
