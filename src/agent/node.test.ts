import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memTotalBytes, osImageOf } from './node-info.js';
import { nodeStatus } from './node.js';
import { testFacts } from './testing/harness.js';

test('host facts parsing', () => {
  assert.equal(memTotalBytes('MemTotal:       16303656 kB\nMemFree: 1 kB\n'), 16303656 * 1024);
  assert.equal(osImageOf('NAME="Debian"\nPRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\n'), 'Debian GNU/Linux 12 (bookworm)');
});

test('node status: capacity, conditions, nodeInfo; transition times kept', () => {
  const s = nodeStatus({ nodeName: 'n', facts: testFacts, podCIDRs: [], containerRuntimeVersion: 'x://1' });
  assert.deepEqual(s.capacity, { cpu: '2', memory: '4194304Ki', pods: '110', 'ephemeral-storage': '104857600Ki' });
  assert.deepEqual(s.conditions!.map((c) => [c.type, c.status]), [['MemoryPressure', 'False'], ['DiskPressure', 'False'], ['PIDPressure', 'False'], ['Ready', 'True']]);
  assert.equal(s.nodeInfo!.osImage, 'Debian GNU/Linux 12 (bookworm)');
  const prev = { conditions: s.conditions!.map((c) => ({ ...c, lastTransitionTime: '2020-01-01T00:00:00Z' })) };
  const s2 = nodeStatus({ nodeName: 'n', facts: testFacts, podCIDRs: [], containerRuntimeVersion: 'x://1' }, prev);
  assert.equal(s2.conditions![3].lastTransitionTime, '2020-01-01T00:00:00Z');
});
