import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nodePrinter, nodeRoles } from './node.js';
import { ago, D, headers, NOW } from './testutil.js';

test('node columns: STATUS ROLES AGE VERSION, wide addresses and system info', () => {
  assert.deepEqual(headers(nodePrinter.columns), {
    normal: ['NAME', 'STATUS', 'ROLES', 'AGE', 'VERSION'],
    wide: ['INTERNAL-IP', 'EXTERNAL-IP', 'OS-IMAGE', 'KERNEL-VERSION', 'CONTAINER-RUNTIME'],
  });
});

test('ready control-plane node', () => {
  const node = {
    metadata: { name: 'server-1', creationTimestamp: ago(10 * D), labels: { 'node-role.kubernetes.io/control-plane': 'true', 'node-role.kubernetes.io/master': 'true', 'kubernetes.io/hostname': 'server-1' } },
    spec: {},
    status: {
      conditions: [{ type: 'MemoryPressure', status: 'False' }, { type: 'Ready', status: 'True' }],
      addresses: [{ type: 'InternalIP', address: '172.18.0.2' }, { type: 'Hostname', address: 'server-1' }],
      nodeInfo: { kubeletVersion: 'v1.32.0', osImage: 'Debian GNU/Linux 12 (bookworm)', kernelVersion: '6.1.0-18-amd64', containerRuntimeVersion: 'containerd://1.7.22' },
    },
  };
  assert.deepEqual(nodePrinter.cells(node, NOW), [
    'server-1', 'Ready', 'control-plane,master', '10d', 'v1.32.0',
    '172.18.0.2', '<none>', 'Debian GNU/Linux 12 (bookworm)', '6.1.0-18-amd64', 'containerd://1.7.22',
  ]);
});

test('not ready, unknown and cordoned nodes', () => {
  const base = { metadata: { name: 'n', creationTimestamp: ago(D), labels: { 'kubernetes.io/role': 'worker' } } };
  assert.deepEqual(nodePrinter.cells({ ...base, spec: { unschedulable: true }, status: { conditions: [{ type: 'Ready', status: 'Unknown' }] } }, NOW).slice(1, 3), ['NotReady,SchedulingDisabled', 'worker']);
  assert.deepEqual(nodePrinter.cells({ ...base, status: {} }, NOW).slice(1, 10), ['Unknown', 'worker', '24h', '', '<none>', '<none>', '<unknown>', '<unknown>', '<unknown>']);
  assert.deepEqual(nodeRoles({ metadata: { labels: { 'node-role.kubernetes.io/': '', 'kubernetes.io/role': '' } } }), []);
});
