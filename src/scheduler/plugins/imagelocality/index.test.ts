import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Snapshot } from '../../framework/node-info.js';
import { makeNode, makePod, scoreAll } from '../../testing.js';
import { newImageLocality } from './index.js';

const MB = 1024 * 1024;

test('ImageLocality scores by size × spread between the 23 MB and 1000 MB thresholds', () => {
  const nodes = [
    makeNode('has-big', { images: [{ names: ['registry.local/app:1.0'], sizeBytes: 500 * MB }] }),
    makeNode('has-latest', { images: [{ names: ['busybox:latest'], sizeBytes: 300 * MB }] }),
    makeNode('empty'),
  ];
  const snap = new Snapshot(nodes, []);
  const plugin = newImageLocality({}, { snapshot: () => snap });
  // 500 MB on 1 of 3 nodes → 166 MB scaled: (166.67−23)/(1000−23) ×100 → 14.
  assert.deepEqual(scoreAll(plugin, makePod('p', { image: 'registry.local/app:1.0' }), snap), { 'has-big': 14, 'has-latest': 0, empty: 0 });
  // An untagged image means :latest. 300 MB/3 = 100 MB → 7.
  assert.deepEqual(scoreAll(plugin, makePod('p', { image: 'busybox' }), snap), { 'has-big': 0, 'has-latest': 7, empty: 0 });
});
