import assert from 'node:assert/strict';
import { test } from 'node:test';
import { makePod } from '../testing.js';
import { podRequests } from './resources.js';

test('pod requests: containers summed, init containers by max, sidecars added, overhead on top', () => {
  const cases: Array<{ name: string; pod: ReturnType<typeof makePod>; cpu: number; memory: number }> = [
    { name: 'one container', pod: makePod('a', { cpu: '250m', memory: '64Mi' }), cpu: 250, memory: 64 * 2 ** 20 },
    {
      name: 'init container larger than the app',
      pod: makePod('b', { cpu: '100m', initContainers: [{ name: 'i', resources: { requests: { cpu: '2' } } }] }),
      cpu: 2000,
      memory: 0,
    },
    {
      name: 'sidecar counts for the whole life and under later init containers',
      pod: makePod('c', {
        cpu: '100m',
        initContainers: [
          { name: 's', restartPolicy: 'Always', resources: { requests: { cpu: '200m' } } },
          { name: 'i', resources: { requests: { cpu: '250m' } } },
        ],
      }),
      cpu: 450,
      memory: 0,
    },
    { name: 'overhead', pod: makePod('d', { cpu: '1', overhead: { cpu: '250m', memory: '120Mi' } }), cpu: 1250, memory: 120 * 2 ** 20 },
  ];
  for (const c of cases) {
    const r = podRequests(c.pod);
    assert.equal(r.milliCPU, c.cpu, c.name);
    assert.equal(r.memory, c.memory, c.name);
  }
});

test('non-zero requests default cpu to 100m and memory to 200Mi per container', () => {
  const r = podRequests(makePod('a'), { nonZero: true });
  assert.equal(r.milliCPU, 100);
  assert.equal(r.memory, 200 * 2 ** 20);
  assert.equal(podRequests(makePod('a')).milliCPU, 0);
});

test('extended resources and hugepages are scalar resources', () => {
  const r = podRequests(makePod('a', { extra: { 'example.com/gpu': '2', 'hugepages-2Mi': '4Mi' } }));
  assert.deepEqual(r.scalar, { 'example.com/gpu': 2, 'hugepages-2Mi': 4 * 2 ** 20 });
});
