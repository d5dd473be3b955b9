import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hostMtu, loopbackConfList, networkNames, podNetworkConfList } from './config.js';
import { InvalidCidrError } from './errors.js';
import { run } from './exec.js';
import { readFileSync } from 'node:fs';

test('names derive from the data dir: unique per dir, valid interface names', () => {
  const a = networkNames('/var/lib/skiff');
  const b = networkNames('/var/lib/skiff-2');
  assert.notEqual(a.bridge, b.bridge);
  assert.notEqual(a.network, b.network);
  assert.notEqual(a.netnsPrefix, b.netnsPrefix);
  assert.deepEqual(networkNames('/var/lib/skiff/../skiff'), a, 'the same directory, spelled differently');
  for (const n of [a, b]) {
    assert.ok(n.bridge.length <= 15, n.bridge);
    assert.match(n.bridge, /^skf[0-9a-f]{8}$/);
    assert.match(n.network, /^skiff-[0-9a-f]{8}$/);
  }
  assert.equal(a.ipamDir, '/var/lib/skiff/cni/ipam');
  assert.equal(a.cacheDir, '/var/lib/skiff/cni/results');
});

test('the pod network list: bridge with host-local over the node subnet, then portmap', () => {
  const l = podNetworkConfList({ dataDir: '/d', podCidr: '10.42.3.0/24', mtu: 1400 });
  const n = networkNames('/d');
  assert.equal(l.cniVersion, '1.0.0');
  assert.equal(l.name, n.network);
  assert.deepEqual(
    l.plugins.map((p) => p.type),
    ['bridge', 'portmap'],
  );
  const br = l.plugins[0]!;
  assert.equal(br.bridge, n.bridge);
  assert.equal(br.isGateway, true);
  assert.equal(br.ipMasq, false, 'one masquerade rule set for the node subnet instead (masquerade.ts)');
  assert.equal(br.hairpinMode, true);
  assert.equal(br.mtu, 1400);
  assert.deepEqual(br.ipam, { type: 'host-local', ranges: [[{ subnet: '10.42.3.0/24' }]], dataDir: n.ipamDir });
  assert.deepEqual(l.plugins[1]!.capabilities, { portMappings: true });
  const noPorts = podNetworkConfList({ dataDir: '/d', podCidr: '10.42.3.0/24', mtu: 1400 }, { portmap: false });
  assert.deepEqual(noPorts.plugins.map((p) => p.type), ['bridge'], 'pods without hostPorts skip portmap');
  assert.equal(noPorts.name, l.name, 'one network name: both lists share cached results');
  assert.throws(() => podNetworkConfList({ dataDir: '/d', podCidr: '10.42.3.1/24' }), InvalidCidrError);
  assert.deepEqual(loopbackConfList('0.4.0'), { cniVersion: '0.4.0', name: 'skiff-loopback', plugins: [{ type: 'loopback' }] });
});

test('hostMtu reads the default-route interface MTU', async () => {
  const routes = JSON.parse(await run('ip', ['-j', '-4', 'route', 'show', 'default'])) as { dev?: string; table?: string }[];
  const dev = routes.find((r) => r.dev && (!r.table || r.table === 'main'))?.dev;
  if (dev) assert.equal(hostMtu(), Number(readFileSync(`/sys/class/net/${dev}/mtu`, 'utf8').trim()));
  else assert.equal(hostMtu(), undefined);
});
