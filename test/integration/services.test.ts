// Service cluster IPs and node ports, allocated by the API server from
// --service-cidr and 30000–32767, through the real kubectl.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { kubectl, kubectlJson, kubectlOk, useSkiff, waitFor } from '../helpers/cluster.js';
import { ServiceIpRange } from '../../src/apiserver/services/ranges.js';

const c = useSkiff({ args: ['--service-cidr', '10.96.0.0/20'] });
const range = new ServiceIpRange('10.96.0.0/20');

test('the kubernetes Service holds the first address of the range', () => {
  const svc = kubectlJson(c(), ['get', 'service', 'kubernetes', '-n', 'default']);
  assert.equal(svc.spec.clusterIP, '10.96.0.1');
  assert.deepEqual(svc.spec.ports.map((p: { name: string; port: number }) => `${p.name}:${p.port}`), ['https:443']);
});

test('new Services get a free cluster IP from the range, NodePorts a port from 30000-32767; headless and ExternalName get none', () => {
  kubectlOk(c(), ['create', 'service', 'clusterip', 'auto', '--tcp=80:8080']);
  kubectlOk(c(), ['create', 'service', 'nodeport', 'np', '--tcp=80:8080,81:8081']);
  kubectlOk(c(), ['create', 'service', 'clusterip', 'headless', '--clusterip=None']);
  kubectlOk(c(), ['create', 'service', 'externalname', 'ext', '--external-name=example.com']);
  const auto = kubectlJson(c(), ['get', 'service', 'auto']);
  assert.ok(range.contains(auto.spec.clusterIP) && auto.spec.clusterIP !== '10.96.0.1', auto.spec.clusterIP);
  assert.deepEqual(auto.spec.clusterIPs, [auto.spec.clusterIP]);
  const np = kubectlJson(c(), ['get', 'service', 'np']);
  const ports = np.spec.ports.map((p: { nodePort: number }) => p.nodePort);
  assert.equal(ports.length, 2);
  assert.ok(ports.every((p: number) => p >= 30000 && p <= 32767) && ports[0] !== ports[1], String(ports));
  assert.notEqual(np.spec.clusterIP, auto.spec.clusterIP);
  assert.equal(kubectlJson(c(), ['get', 'service', 'headless']).spec.clusterIP, 'None');
  assert.equal(kubectlJson(c(), ['get', 'service', 'ext']).spec.clusterIP, undefined);
});

test('a cluster IP or node port outside the range or already taken is rejected with 422, and nothing is stored', () => {
  kubectlOk(c(), ['create', 'service', 'clusterip', 'fixed', '--tcp=80', '--clusterip=10.96.3.3']);
  const taken = kubectl(c(), ['create', 'service', 'clusterip', 'again', '--tcp=80', '--clusterip=10.96.3.3']);
  assert.match(taken.stderr, /spec\.clusterIPs\[0\]: Invalid value: "10\.96\.3\.3": failed to allocate IP 10\.96\.3\.3: provided IP is already allocated/);
  const outside = kubectl(c(), ['create', 'service', 'clusterip', 'outside', '--tcp=80', '--clusterip=10.43.0.9']);
  assert.match(outside.stderr, /is not in the valid range\. The range of valid IPs is 10\.96\.0\.0\/20/);
  const badPort = kubectl(c(), ['create', 'service', 'nodeport', 'badport', '--tcp=80', '--node-port=40000']);
  assert.match(badPort.stderr, /spec\.ports\[0\]\.nodePort: Invalid value: 40000: provided port is not in the valid range\. The range of valid ports is 30000-32767/);
  kubectlOk(c(), ['create', 'service', 'nodeport', 'port1', '--tcp=80', '--node-port=31234']);
  const takenPort = kubectl(c(), ['create', 'service', 'nodeport', 'port2', '--tcp=80', '--node-port=31234']);
  assert.match(takenPort.stderr, /provided port is already allocated/);
  for (const name of ['again', 'outside', 'badport', 'port2']) assert.notEqual(kubectl(c(), ['get', 'service', name]).code, 0, `${name} was not stored`);
});

test('deleting a Service frees its cluster IP and node ports', async () => {
  kubectlOk(c(), ['delete', 'service', 'fixed', 'port1']);
  await waitFor(c, 'the IP to be free again', () => kubectl(c(), ['create', 'service', 'clusterip', 'reuse', '--tcp=80', '--clusterip=10.96.3.3']).code === 0);
  await waitFor(c, 'the port to be free again', () => kubectl(c(), ['create', 'service', 'nodeport', 'reuseport', '--tcp=80', '--node-port=31234']).code === 0);
});
