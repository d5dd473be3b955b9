import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Snapshot } from '../../framework/node-info.js';
import type { k8s } from '../../framework/types.js';
import { filterAll, makeNode, makePod, reasons, scoreAll } from '../../testing.js';
import { ERR_CONSTRAINTS, ERR_MISSING_LABEL, newPodTopologySpread } from './index.js';

const zone = 'topology.kubernetes.io/zone';
const nodes = [
  makeNode('a1', { labels: { [zone]: 'a' } }),
  makeNode('a2', { labels: { [zone]: 'a' } }),
  makeNode('b1', { labels: { [zone]: 'b' } }),
  makeNode('nozone'),
];
const web = (name: string, nodeName?: string) => makePod(name, { nodeName, labels: { app: 'web' } });
const spread = (when: 'DoNotSchedule' | 'ScheduleAnyway', extra: Partial<k8s.TopologySpreadConstraint> = {}): k8s.TopologySpreadConstraint[] => [
  { maxSkew: 1, topologyKey: zone, whenUnsatisfiable: when, labelSelector: { matchLabels: { app: 'web' } }, ...extra },
];

test('PodTopologySpread filter: skew against the least loaded domain', () => {
  const cases = [
    { name: 'balanced: anywhere with the key', pods: [web('w1', 'a1'), web('w2', 'b1')], want: { a1: '', a2: '', b1: '', nozone: ERR_MISSING_LABEL } },
    { name: 'zone a ahead: only zone b', pods: [web('w1', 'a1'), web('w2', 'a2')], want: { a1: ERR_CONSTRAINTS, a2: ERR_CONSTRAINTS, b1: '', nozone: ERR_MISSING_LABEL } },
    { name: 'pods of other apps do not count', pods: [makePod('x', { nodeName: 'a1', labels: { app: 'x' } })], want: { a1: '', a2: '', b1: '', nozone: ERR_MISSING_LABEL } },
  ];
  for (const c of cases) {
    const snap = new Snapshot(nodes, c.pods);
    const pod = makePod('new', { labels: { app: 'web' }, spread: spread('DoNotSchedule') });
    assert.deepEqual(reasons(filterAll(newPodTopologySpread(), pod, snap)), c.want, c.name);
  }
});

test('PodTopologySpread filter: minDomains above the domain count makes the global minimum 0', () => {
  const snap = new Snapshot(nodes, [web('w1', 'b1')]);
  const pod = makePod('new', { labels: { app: 'web' }, spread: spread('DoNotSchedule', { minDomains: 3 }) });
  assert.deepEqual(reasons(filterAll(newPodTopologySpread(), pod, snap)), { a1: '', a2: '', b1: ERR_CONSTRAINTS, nozone: ERR_MISSING_LABEL });
});

test('PodTopologySpread score: emptier domains score higher; nodes without the key get 0', () => {
  const snap = new Snapshot(nodes, [web('w1', 'a1'), web('w2', 'a2')]);
  const pod = makePod('new', { labels: { app: 'web' }, spread: spread('ScheduleAnyway') });
  const s = scoreAll(newPodTopologySpread(), pod, snap);
  assert.equal(s.b1, 100);
  assert.ok(s.a1 < s.b1 && s.a1 === s.a2, JSON.stringify(s));
  assert.equal(s.nozone, 0);
});
