import { test } from 'node:test';
import assert from 'node:assert/strict';
import { portMappingsArg, statusFromResult } from './cni-network.js';
import { CniPluginError } from './errors.js';
import { podNetworkOptions } from './plugin.js';

test('sandbox config becomes CNI pod options; hostPort 0 is not mapped', () => {
  const o = podNetworkOptions({
    metadata: { name: 'web', namespace: 'prod', uid: 'u1', attempt: 0 },
    portMappings: [
      { protocol: 'TCP', containerPort: 80, hostPort: 8080 },
      { protocol: 'UDP', containerPort: 53, hostPort: 5353, hostIp: '127.0.0.1' },
      { protocol: 'TCP', containerPort: 9090, hostPort: 0 },
    ],
  });
  assert.equal(o.podName, 'web');
  assert.equal(o.podNamespace, 'prod');
  assert.equal(o.podUid, 'u1');
  assert.deepEqual(portMappingsArg(o.portMappings), [
    { hostPort: 8080, containerPort: 80, protocol: 'tcp' },
    { hostPort: 5353, containerPort: 53, protocol: 'udp', hostIP: '127.0.0.1' },
  ]);
  assert.deepEqual(portMappingsArg(undefined), []);
});

test('the pod status comes from the sandbox interface’s IPv4 address', () => {
  const st = statusFromResult('s', {
    cniVersion: '1.0.0',
    interfaces: [{ name: 'skf1' }, { name: 'veth1' }, { name: 'eth0', sandbox: '/run/netns/x' }],
    ips: [
      { address: 'fd00::5/64', interface: 2 },
      { address: '10.42.0.5/24', gateway: '10.42.0.1', interface: 2 },
    ],
  });
  assert.deepEqual(st, { ip: '10.42.0.5', gateway: '10.42.0.1', interface: 'eth0' });
  assert.throws(() => statusFromResult('s', { cniVersion: '1.0.0' }), CniPluginError);
});
