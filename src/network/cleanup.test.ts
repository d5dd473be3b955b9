// Real plugins, as root: leftovers after a "crash" (namespaces deleted without
// CNI DEL, a stray veth) are removed for one data dir and only for that one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { CniNetwork } from './cni-network.js';
import { bridgePorts, cleanupNetwork, findLeftovers, isClean, linkExists } from './cleanup.js';
import { run, runCommand } from './exec.js';
import { createNetns, deleteNetns, netnsName } from './netns.js';
import { freePort, unusedTestSubnet } from './test-helpers.js';

test('cleanupNetwork removes one data dir’s netns, veths, bridge, iptables rules and state, and leaves another’s alone', async () => {
  const dirs = [0, 1].map(() => mkdtempSync(join(tmpdir(), 'skiff-cni-cleanup-test-')));
  const subnetA = await unusedTestSubnet();
  let subnetB = await unusedTestSubnet();
  while (subnetB === subnetA) subnetB = await unusedTestSubnet();
  const nets = [new CniNetwork({ dataDir: dirs[0]!, podCidr: subnetA }), new CniNetwork({ dataDir: dirs[1]!, podCidr: subnetB })];
  const suffix = randomBytes(4).toString('hex');
  const stray = `skfv${suffix}`;
  const opts = { podName: 'p', podNamespace: 'default', podUid: `u-${suffix}` };
  try {
    for (let i = 0; i < 2; i++) {
      const ns = netnsName(dirs[i]!, `sb-${suffix}`);
      const path = await createNetns(ns);
      await nets[i]!.setUp(`sb-${suffix}`, path, { ...opts, portMappings: [{ protocol: 'TCP', containerPort: 80, hostPort: await freePort() }] });
    }
    // A veth on A's bridge whose peer is in no namespace of ours (as after a half-done ADD).
    await run('ip', ['link', 'add', stray, 'type', 'veth', 'peer', 'name', `${stray}p`]);
    await run('ip', ['link', 'set', stray, 'master', nets[0]!.names.bridge]);
    // "Crash": A's namespace goes without CNI DEL, so the bridge plugin never removed its masquerade rules.
    await deleteNetns(netnsName(dirs[0]!, `sb-${suffix}`));

    const before = await findLeftovers(dirs[0]!);
    assert.equal(before.bridge, true);
    assert.deepEqual(before.veths, [stray]);
    assert.ok(before.rules.length >= 4, before.rules.join('\n'));
    assert.ok(before.stateFiles.some((f) => f.endsWith(subnetA.replace(/0\/24$/, '2'))), 'A’s lease');

    const after = await cleanupNetwork(dirs[0]!);
    assert.ok(isClean(after), JSON.stringify(after));
    assert.ok(!linkExists(nets[0]!.names.bridge));
    assert.ok(!linkExists(stray) && !linkExists(`${stray}p`));
    const nat = await run('iptables', ['-w', '5', '-t', 'nat', '-S']);
    assert.ok(!nat.includes(nets[0]!.names.network) && !nat.includes(subnetA.replace(/0\/24$/, '')), nat);

    // B is untouched: its pod still has its veth, rules and lease.
    const b = await findLeftovers(dirs[1]!);
    assert.equal(b.netns.length, 1);
    assert.equal(b.bridge, true);
    assert.equal((await bridgePorts(nets[1]!.names.bridge)).length, 1);
    assert.ok(b.rules.length >= 4);
    assert.ok(nat.includes('CNI-HOSTPORT-DNAT'), 'shared portmap chains stay while B uses them');

    assert.ok(isClean(await cleanupNetwork(dirs[1]!)));
  } finally {
    await runCommand('ip', ['link', 'delete', stray]);
    for (const d of dirs) {
      await cleanupNetwork(d).catch(() => {});
      rmSync(d, { recursive: true, force: true });
    }
  }
});
