import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  age, containerCells, formatLabels, formatLabelSelector, humanDuration, joinHostPort, listWithMore, selectorString, since,
  InvalidLabelSelectorError,
} from './util.js';
import { ago, D, H, M, NOW, S } from './testutil.js';

test('humanDuration matches duration.HumanDuration', () => {
  const cases: [number, string][] = [
    [0, '0s'], [5 * S, '5s'], [119 * S, '119s'], [120 * S, '2m'], [3 * M + 2 * S, '3m2s'], [9 * M + 59 * S, '9m59s'],
    [10 * M, '10m'], [10 * M + 30 * S, '10m'], [179 * M, '179m'], [3 * H, '3h'], [2 * H + 5 * M, '125m'],
    [3 * H + 5 * M, '3h5m'], [7 * H + 59 * M, '7h59m'], [8 * H + 30 * M, '8h'], [47 * H, '47h'], [48 * H, '2d'],
    [3 * D + 4 * H, '3d4h'], [7 * D + 23 * H, '7d23h'], [8 * D + 5 * H, '8d'], [45 * D, '45d'], [729 * D, '729d'],
    [730 * D, '2y'], [760 * D, '2y30d'], [8 * 365 * D, '8y'], [10 * 365 * D + 100 * D, '10y'],
    [-1 * S, '0s'], [-1500, '0s'], [-2 * S, '<invalid>'],
  ];
  for (const [ms, want] of cases) assert.equal(humanDuration(ms), want, `${ms}ms`);
});

test('since and age: <unknown> for unset timestamps', () => {
  assert.equal(since(ago(2 * H + 5 * M), NOW), '125m');
  assert.equal(since(ago(5 * H + 5 * M), NOW), '5h5m');
  assert.equal(since(undefined, NOW), '<unknown>');
  assert.equal(since('0001-01-01T00:00:00Z', NOW), '<unknown>');
  assert.equal(age({ metadata: { name: 'x' } }, NOW), '<unknown>');
  assert.equal(age({ metadata: { creationTimestamp: ago(45 * D) } }, NOW), '45d');
  // A creation time in the future (clock skew beyond 1s) is invalid.
  assert.equal(age({ metadata: { creationTimestamp: ago(-10 * S) } }, NOW), '<invalid>');
});

test('formatLabels sorts keys and prints <none> when empty', () => {
  assert.equal(formatLabels({ b: '2', a: '1' }), 'a=1,b=2');
  assert.equal(formatLabels({}), '<none>');
  assert.equal(formatLabels(undefined), '<none>');
});

test('label selectors print like LabelSelectorAsSelector().String()', () => {
  const sel = {
    matchLabels: { app: 'web' },
    matchExpressions: [
      { key: 'tier', operator: 'In', values: ['b', 'a'] },
      { key: 'env', operator: 'NotIn', values: ['dev'] },
      { key: 'zone', operator: 'Exists' },
      { key: 'canary', operator: 'DoesNotExist' },
    ],
  };
  assert.equal(selectorString(sel), 'app=web,!canary,env notin (dev),tier in (a,b),zone');
  assert.equal(formatLabelSelector(sel), 'app=web,!canary,env notin (dev),tier in (a,b),zone');
  assert.equal(formatLabelSelector({}), '<none>');
  assert.equal(formatLabelSelector(undefined), '<none>');
  assert.equal(formatLabelSelector({ matchExpressions: [{ key: 'a', operator: 'In', values: [] }] }), '<error>');
  assert.throws(() => selectorString({ matchExpressions: [{ key: 'a', operator: 'Bogus' }] }), InvalidLabelSelectorError);
});

test('small formatters', () => {
  assert.deepEqual(containerCells([{ name: 'a', image: 'nginx' }, { name: 'b', image: 'busybox' }]), ['a,b', 'nginx,busybox']);
  assert.deepEqual(containerCells(undefined), ['', '']);
  assert.equal(joinHostPort('10.0.0.1', 80), '10.0.0.1:80');
  assert.equal(joinHostPort('fd00::1', 80), '[fd00::1]:80');
  assert.equal(listWithMore([], false, 0, 3), '<unset>');
  assert.equal(listWithMore(['a', 'b', 'c'], true, 5, 3), 'a,b,c + 2 more...');
});
