import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pod, svc } from './fixtures.js';
import { findPort, PortNotFoundError, shouldPodBeInEndpoints } from './pods.js';
import { computeSubsets } from './subsets.js';
import { formatTriggerTime, TriggerTimeTracker } from './trigger-time.js';

test('findPort resolves numbers and container port names (protocol must match)', () => {
  const p = pod('a', '10.0.0.1', true);
  assert.equal(findPort(p, { port: 80, targetPort: 9000 }), 9000);
  assert.equal(findPort(p, { port: 80 }), 80);
  assert.equal(findPort(p, { port: 80, targetPort: 'web' }), 8080);
  assert.throws(() => findPort(p, { port: 80, targetPort: 'web', protocol: 'UDP' }), PortNotFoundError);
});

test('shouldPodBeInEndpoints: needs an IP; terminating and finished pods are left out', () => {
  assert.equal(shouldPodBeInEndpoints(pod('a', undefined, true), false), false);
  assert.equal(shouldPodBeInEndpoints(pod('a', '10.0.0.1', true, { deleting: true }), false), false);
  assert.equal(shouldPodBeInEndpoints(pod('a', '10.0.0.1', true, { deleting: true }), true), true);
  const done = pod('a', '10.0.0.1', false, { spec: { restartPolicy: 'Never' } });
  done.status!.phase = 'Succeeded';
  assert.equal(shouldPodBeInEndpoints(done, false), false);
});

test('subsets: ready and not-ready addresses with nodeName, targetRef and hostname; pods without IP or port skipped', () => {
  const s = svc('web');
  const pods = [
    pod('b', '10.0.0.2', false),
    pod('a', '10.0.0.10', true, { spec: { hostname: 'host-a', subdomain: 'web' } }),
    pod('c', '10.0.0.3', true),
    pod('noip', undefined, true),
    pod('noport', '10.0.0.9', true, { spec: { containers: [{ name: 'c' }] } }),
  ];
  const subsets = computeSubsets(s, pods);
  assert.equal(subsets.length, 1);
  assert.deepEqual(subsets[0]!.ports, [{ name: 'http', port: 8080, protocol: 'TCP' }]);
  assert.deepEqual(subsets[0]!.addresses!.map((a) => a.ip), ['10.0.0.3', '10.0.0.10']);
  assert.deepEqual(subsets[0]!.addresses![1], { ip: '10.0.0.10', hostname: 'host-a', nodeName: 'n1', targetRef: { kind: 'Pod', namespace: 'ns', name: 'a', uid: 'uid-a' } });
  assert.deepEqual(subsets[0]!.notReadyAddresses!.map((a) => a.ip), ['10.0.0.2']);
  const publish = computeSubsets(svc('web', { publishNotReadyAddresses: true }), pods);
  assert.equal(publish[0]!.addresses!.length, 3);
  assert.equal(publish[0]!.notReadyAddresses, undefined);
});

test('subsets: pods serving different ports land in different subsets; headless without ports keeps addresses', () => {
  const s = svc('web');
  const other = pod('x', '10.0.0.5', true, { spec: { containers: [{ name: 'c', ports: [{ name: 'web', containerPort: 9090 }] }] } });
  const subsets = computeSubsets(s, [pod('a', '10.0.0.1', true), other]);
  assert.deepEqual(subsets.map((x) => x.ports![0]!.port).sort(), [8080, 9090]);
  const headless = computeSubsets(svc('h', { clusterIP: 'None', ports: [] }), [pod('a', '10.0.0.1', true)]);
  assert.deepEqual(headless, [{ addresses: [{ ip: '10.0.0.1', nodeName: 'n1', targetRef: { kind: 'Pod', namespace: 'ns', name: 'a', uid: 'uid-a' } }] }]);
});

test('trigger time: service creation first, then the earliest Ready change since the last sync', () => {
  const t = new TriggerTimeTracker();
  const s = svc('web');
  const a = pod('a', '10.0.0.1', true);
  assert.equal(formatTriggerTime(t.compute('ns/web', s, [a])), '2024-01-01T00:00:00Z');
  assert.equal(t.compute('ns/web', s, [a]), 0, 'nothing changed');
  a.status!.conditions![0]!.lastTransitionTime = '2024-01-01T00:01:00.5Z';
  assert.equal(formatTriggerTime(t.compute('ns/web', s, [a])), '2024-01-01T00:01:00.5Z');
});
