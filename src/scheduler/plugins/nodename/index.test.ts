import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Snapshot } from '../../framework/node-info.js';
import { filterAll, makeNode, makePod, reasons } from '../../testing.js';
import { newNodeName } from './index.js';

test('NodeName only lets the named node through', () => {
  const snap = new Snapshot([makeNode('a'), makeNode('b')], []);
  assert.deepEqual(reasons(filterAll(newNodeName(), makePod('p'), snap)), { a: '', b: '' });
  assert.deepEqual(reasons(filterAll(newNodeName(), makePod('p', { nodeName: 'b' }), snap)), { a: "node(s) didn't match the requested node name", b: '' });
});
