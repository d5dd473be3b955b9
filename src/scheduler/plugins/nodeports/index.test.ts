import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Snapshot } from '../../framework/node-info.js';
import { filterAll, makeNode, makePod, reasons } from '../../testing.js';
import { newNodePorts } from './index.js';

const ERR = "node(s) didn't have free ports for the requested pod ports";

test('NodePorts: host-port conflicts by ip, protocol and port', () => {
  const nodes = [makeNode('n')];
  const cases: Array<{ name: string; existing: Array<{ port: number; ip?: string; protocol?: string }>; wanted: Array<{ port: number; ip?: string; protocol?: string }>; err: string }> = [
    { name: 'no ports', existing: [{ port: 80 }], wanted: [], err: '' },
    { name: 'same port, any address', existing: [{ port: 80 }], wanted: [{ port: 80 }], err: ERR },
    { name: 'other port', existing: [{ port: 80 }], wanted: [{ port: 81 }], err: '' },
    { name: 'other protocol', existing: [{ port: 53 }], wanted: [{ port: 53, protocol: 'UDP' }], err: '' },
    { name: 'different specific addresses', existing: [{ port: 80, ip: '10.0.0.1' }], wanted: [{ port: 80, ip: '10.0.0.2' }], err: '' },
    { name: 'wildcard against a specific address', existing: [{ port: 80, ip: '10.0.0.1' }], wanted: [{ port: 80 }], err: ERR },
    { name: 'specific address against the wildcard', existing: [{ port: 80 }], wanted: [{ port: 80, ip: '10.0.0.1' }], err: ERR },
  ];
  for (const c of cases) {
    const snap = new Snapshot(nodes, [makePod('old', { nodeName: 'n', hostPorts: c.existing })]);
    assert.deepEqual(reasons(filterAll(newNodePorts(), makePod('new', { hostPorts: c.wanted.length ? c.wanted : undefined }), snap)), { n: c.err }, c.name);
  }
});
