import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createNetns, deleteNetns } from '../network/netns.js';
import { ConntrackCleaner, staleUdpFlows } from './conntrack.js';
import { slice, svc } from './fixtures.js';
import { servicePlans, type PortPlan } from './model.js';

const udp = [{ name: 'dns', protocol: 'UDP' as const, port: 53, targetPort: 5353 }];
const udpSlicePorts = [{ name: 'dns', protocol: 'UDP', port: 5353 }];
const plansOf = (ips: string[], spec: Record<string, unknown> = {}): Map<string, PortPlan[]> =>
  new Map([['default/dns', servicePlans(svc('dns', { ports: udp, ...spec }), [slice('dns', 'dns-1', ips.map((ip) => ({ ip })), udpSlicePorts)], { nodeName: 'node-a' })]]);

test('a removed UDP endpoint loses its flows by service address and node port; a kept one does not', () => {
  const before = plansOf(['10.42.0.5', '10.42.0.6'], { type: 'NodePort', ports: [{ ...udp[0], nodePort: 30053 }] });
  const after = plansOf(['10.42.0.6'], { type: 'NodePort', ports: [{ ...udp[0], nodePort: 30053 }] });
  assert.deepEqual(staleUdpFlows(before, after, ['default/dns']), [
    ['-D', '-p', 'udp', '--orig-dst', '10.96.0.10', '--orig-port-dst', '53', '--dst-nat', '10.42.0.5'],
    ['-D', '-p', 'udp', '--orig-port-dst', '30053', '--dst-nat', '10.42.0.5'],
  ]);
  assert.deepEqual(staleUdpFlows(before, before, ['default/dns']), [], 'nothing changed');
  assert.deepEqual(staleUdpFlows(before, after, ['default/other']), [], 'only changed Services');
});

test('a UDP port getting its first endpoint loses the flows made while it had none; a deleted Service loses all', () => {
  const none = plansOf([]);
  const one = plansOf(['10.42.0.7']);
  assert.deepEqual(staleUdpFlows(none, one, ['default/dns']), [['-D', '-p', 'udp', '--orig-dst', '10.96.0.10', '--orig-port-dst', '53']]);
  assert.deepEqual(staleUdpFlows(new Map(), one, ['default/dns']), [], 'a Service seen for the first time (e.g. at start) has no stale flows');
  assert.deepEqual(staleUdpFlows(one, new Map(), ['default/dns']), [['-D', '-p', 'udp', '--orig-dst', '10.96.0.10', '--orig-port-dst', '53', '--dst-nat', '10.42.0.7']]);
});

test('TCP ports are left alone (their connections end on their own)', () => {
  const tcp = (ips: string[]) => new Map([['default/web', servicePlans(svc('web'), [slice('web', 'web-1', ips.map((ip) => ({ ip })))], { nodeName: 'node-a' })]]);
  assert.deepEqual(staleUdpFlows(tcp(['10.42.0.5']), tcp([]), ['default/web']), []);
});

test('the real conntrack tool runs in a throwaway netns; "0 flow entries deleted" is success', async (t) => {
  const ns = `skiff-t-ct-${process.pid}-${Date.now() % 100000}`;
  await createNetns(ns);
  t.after(() => deleteNetns(ns));
  const logs: string[] = [];
  const c = new ConntrackCleaner({ netns: ns }, (l) => void logs.push(l));
  const ran = await c.clear([['-D', '-p', 'udp', '--orig-dst', '10.96.0.10', '--orig-port-dst', '53', '--dst-nat', '10.42.0.5']]);
  assert.equal(ran, 1, logs.join('\n'));
  assert.deepEqual(logs, []);
});
