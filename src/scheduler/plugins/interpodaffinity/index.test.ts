import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Snapshot } from '../../framework/node-info.js';
import type { k8s } from '../../framework/types.js';
import { filterAll, makeNode, makePod, reasons, scoreAll, testHandle } from '../../testing.js';
import { ERR_AFFINITY, ERR_ANTI_AFFINITY, ERR_EXISTING_ANTI_AFFINITY, newInterPodAffinity } from './index.js';

const zone = 'topology.kubernetes.io/zone';
const nodes = [
  makeNode('a1', { labels: { [zone]: 'a' } }),
  makeNode('a2', { labels: { [zone]: 'a' } }),
  makeNode('b1', { labels: { [zone]: 'b' } }),
  makeNode('nozone'),
];
const term = (app: string, key = zone): k8s.PodAffinityTerm => ({ labelSelector: { matchLabels: { app } }, topologyKey: key });

function plugin(snap: Snapshot, ns: Record<string, Record<string, string>> = {}) {
  return newInterPodAffinity({}, testHandle(() => snap, ns));
}

test('InterPodAffinity filter: required affinity, anti-affinity and existing pods anti-affinity', () => {
  const db = makePod('db', { nodeName: 'a1', labels: { app: 'db' } });
  const loner = makePod('loner', { nodeName: 'b1', labels: { app: 'loner' }, affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term('web')] } } });
  const snap = new Snapshot(nodes, [db, loner]);
  const cases = [
    {
      name: 'affinity to db: only zone a',
      pod: makePod('p', { affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term('db')] } } }),
      want: { a1: '', a2: '', b1: ERR_AFFINITY, nozone: ERR_AFFINITY },
    },
    {
      name: 'anti-affinity to db: not zone a',
      pod: makePod('p', { affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term('db')] } } }),
      want: { a1: ERR_ANTI_AFFINITY, a2: ERR_ANTI_AFFINITY, b1: '', nozone: '' },
    },
    {
      name: "an existing pod's anti-affinity keeps web pods out of zone b",
      pod: makePod('p', { labels: { app: 'web' } }),
      want: { a1: '', a2: '', b1: ERR_EXISTING_ANTI_AFFINITY, nozone: '' },
    },
    {
      name: 'first pod of a group that matches its own affinity may go anywhere with the key',
      pod: makePod('p', { labels: { app: 'cache' }, affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term('cache')] } } }),
      want: { a1: '', a2: '', b1: '', nozone: ERR_AFFINITY },
    },
    {
      name: 'other namespaces are not matched by default',
      pod: makePod('p', { namespace: 'other', affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term('db')] } } }),
      want: { a1: ERR_AFFINITY, a2: ERR_AFFINITY, b1: ERR_AFFINITY, nozone: ERR_AFFINITY },
    },
    {
      name: 'a namespaceSelector widens the namespaces',
      pod: makePod('p', { namespace: 'other', affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ ...term('db'), namespaceSelector: { matchLabels: { team: 'x' } } }] } } }),
      want: { a1: '', a2: '', b1: ERR_AFFINITY, nozone: ERR_AFFINITY },
    },
  ];
  for (const c of cases) assert.deepEqual(reasons(filterAll(plugin(snap, { default: { team: 'x' } }), c.pod, snap)), c.want, c.name);
});

test('InterPodAffinity score: preferred affinity up, preferred anti-affinity down, normalized 0–100', () => {
  const snap = new Snapshot(nodes, [makePod('db', { nodeName: 'a1', labels: { app: 'db' } }), makePod('noisy', { nodeName: 'b1', labels: { app: 'noisy' } })]);
  const pod = makePod('p', {
    affinity: {
      podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 10, podAffinityTerm: term('db') }] },
      podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 10, podAffinityTerm: term('noisy') }] },
    },
  });
  assert.deepEqual(scoreAll(plugin(snap), pod, snap), { a1: 100, a2: 100, b1: 0, nozone: 50 });
  assert.deepEqual(scoreAll(plugin(snap), makePod('q'), snap), { a1: 0, a2: 0, b1: 0, nozone: 0 }, 'skipped without terms');
});
