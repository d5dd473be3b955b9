import { test } from 'node:test';
import assert from 'node:assert/strict';
import { frameLabel, functionCosts, type CpuProfile } from './cpuprofile.js';

const frame = (functionName: string) => ({ functionName, url: 'file:///x/dist/src/a.js', lineNumber: 9 });

// root -> main -> parse (recursive: parse -> parse); samples in ms: main 1, parse 2, inner parse 3.
const profile: CpuProfile = {
  nodes: [
    { id: 1, callFrame: frame('(root)'), children: [2] },
    { id: 2, callFrame: frame('main'), children: [3] },
    { id: 3, callFrame: frame('parse'), children: [4] },
    { id: 4, callFrame: frame('parse') },
  ],
  startTime: 0,
  endTime: 6000,
  samples: [2, 3, 4, 2],
  timeDeltas: [0, 1000, 2000, 3000],
};

test('frameLabel shortens paths and numbers lines from 1', () => {
  assert.equal(frameLabel(frame('f')), 'f dist/src/a.js:10');
  assert.equal(frameLabel({ functionName: '', url: '', lineNumber: -1 }), '(anonymous)');
});

test('functionCosts attributes each sample to the leaf (self) and once per function on the stack (total)', () => {
  const { costs, sampledMs } = functionCosts(profile);
  const get = (n: string) => costs.find((c) => c.name.startsWith(n + ' '))!;
  assert.equal(sampledMs, 6);
  assert.equal(get('main').selfMs, 1);
  assert.equal(get('main').totalMs, 6);
  assert.equal(get('parse').selfMs, 5);
  assert.equal(get('parse').totalMs, 5);
});

test('functionCosts keeps only samples inside the window', () => {
  const { sampledMs, costs } = functionCosts(profile, 2.5, 10);
  assert.equal(sampledMs, 3);
  assert.equal(costs.find((c) => c.name.startsWith('parse '))!.selfMs, 3);
});
