import { test } from 'node:test';
import assert from 'node:assert/strict';
import { editTaints, findUntoleratedTaint, matchingTolerations, minTolerationMs, tolerates } from './taints.js';

const unreachable = { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' };

test('tolerates follows ToleratesTaint: effect, key, Exists and Equal', () => {
  assert.equal(tolerates({ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' }, unreachable), true);
  assert.equal(tolerates({ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoSchedule' }, unreachable), false);
  assert.equal(tolerates({ operator: 'Exists' }, unreachable), true, 'empty key with Exists tolerates everything');
  assert.equal(tolerates({ key: 'a', value: 'x' }, { key: 'a', value: 'x', effect: 'NoSchedule' }), true, 'operator defaults to Equal');
  assert.equal(tolerates({ key: 'a', operator: 'Equal', value: 'y' }, { key: 'a', value: 'x', effect: 'NoSchedule' }), false);
  assert.equal(tolerates({ key: 'a', operator: 'Bogus' }, { key: 'a', effect: 'NoSchedule' }), false);
});

test('matchingTolerations picks the first toleration per taint, or fails on any untolerated taint', () => {
  const t1 = { key: unreachable.key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 30 };
  const t2 = { operator: 'Exists' };
  assert.deepEqual(matchingTolerations([unreachable], [t1, t2]), { all: true, used: [t1] });
  assert.deepEqual(matchingTolerations([unreachable, { key: 'x', effect: 'NoExecute' }], [t1]), { all: false, used: [] });
  assert.deepEqual(matchingTolerations([], []), { all: true, used: [] });
});

test('minTolerationMs: shortest bounded time, -1 when unbounded, 0 for non-positive seconds', () => {
  assert.equal(minTolerationMs([{ tolerationSeconds: 30 }, { tolerationSeconds: 5 }, {}]), 5000);
  assert.equal(minTolerationMs([{}, {}]), -1);
  assert.equal(minTolerationMs([{ tolerationSeconds: 30 }, { tolerationSeconds: -1 }]), 0);
  assert.equal(minTolerationMs([]), 0);
});

test('editTaints adds missing taints and removes by key and effect', () => {
  const before = [{ key: 'a', effect: 'NoSchedule' }, unreachable];
  const out = editTaints(before, [{ key: 'b', effect: 'NoExecute' }, { key: 'a', effect: 'NoSchedule', value: 'v' }], [unreachable]);
  assert.deepEqual(out.taints, [{ key: 'a', effect: 'NoSchedule' }, { key: 'b', effect: 'NoExecute' }]);
  assert.equal(out.changed, true);
  assert.equal(editTaints(before, [unreachable], []).changed, false);
});

test('findUntoleratedTaint honours the effect filter', () => {
  const taints = [{ key: 'a', effect: 'PreferNoSchedule' }, { key: 'b', effect: 'NoSchedule' }];
  assert.deepEqual(findUntoleratedTaint(taints, [], (t) => t.effect !== 'PreferNoSchedule'), taints[1]);
  assert.equal(findUntoleratedTaint(taints, [{ key: 'b', operator: 'Exists' }], (t) => t.effect !== 'PreferNoSchedule'), undefined);
});
