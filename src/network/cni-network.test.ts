// Real CNI plugins, as root: two pods on a bridge with a unique test subnet.
// Traffic only goes to loopback and to addresses inside the test's own namespaces.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { cidrContains, parseCidr, parseIPv4 } from './cidr.js';
import { CniNetwork } from './cni-network.js';
import { bridgePorts, cleanupNetwork, findLeftovers, isClean, linkExists } from './cleanup.js';
import { CniPluginError, NetworkCheckError } from './errors.js';
import { run } from './exec.js';
import { createNetns, deleteNetns, execInNetns, netnsName } from './netns.js';
import { freePort, unusedTestSubnet } from './test-helpers.js';

const PING = ['/bin/busybox', 'ping', '-c', '1', '-W', '3'];

/** A TCP server inside the namespace that greets every client; resolves once it listens. */
function serverInNetns(ns: string, port: number, greeting: string): Promise<ChildProcess> {
  const code = `require('net').createServer((s) => s.end(${JSON.stringify(greeting)})).listen(${port}, '0.0.0.0', () => console.log('listening'))`;
  const child = spawn('ip', ['netns', 'exec', ns, process.execPath, '-e', code], { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => d.toString().includes('listening') && resolve(child));
    child.on('exit', (c) => reject(new Error(`server exited ${c}`)));
  });
}

function readGreeting(host: string, port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = connect({ host, port });
    let data = '';
    s.setTimeout(5000, () => s.destroy(new Error('timeout')));
    s.on('data', (d) => (data += d));
    s.on('end', () => resolve(data));
    s.on('error', reject);
  });
}

test('two pods on one bridge: addresses, ping, hostPort, CHECK, DEL, cleanup', async (t) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'skiff-cni-net-test-'));
  const subnet = await unusedTestSubnet();
  const net = new CniNetwork({ dataDir, podCidr: subnet });
  const suffix = randomBytes(4).toString('hex');
  const pods = ['a', 'b'].map((p) => ({ id: `pod-${p}-${suffix}`, ns: netnsName(dataDir, `pod-${p}-${suffix}`), opts: { podName: `web-${p}`, podNamespace: 'default', podUid: `uid-${p}-${suffix}` } }));
  const hostPort = await freePort();
  let server: ChildProcess | undefined;
  try {
    await net.confLists(); // VERSION handshake, outside the timed ADDs
    const paths = await Promise.all(pods.map((p) => createNetns(p.ns)));

    const t0 = performance.now();
    const a = await net.setUp(pods[0]!.id, paths[0]!, pods[0]!.opts);
    const t1 = performance.now();
    const b = await net.setUp(pods[1]!.id, paths[1]!, { ...pods[1]!.opts, portMappings: [{ protocol: 'TCP', containerPort: 8080, hostPort }] });
    const t2 = performance.now();
    t.diagnostic(`CNI ADD latency (loopback + bridge/host-local + portmap): first pod ${(t1 - t0).toFixed(0)}ms (creates the bridge), second ${(t2 - t1).toFixed(0)}ms`);

    const sub = parseCidr(subnet);
    for (const s of [a, b]) {
      assert.ok(cidrContains(sub, parseIPv4(s.ip)), `${s.ip} in ${subnet}`);
      assert.equal(s.gateway, subnet.replace(/0\/24$/, '1'));
      assert.equal(s.interface, 'eth0');
    }
    assert.notEqual(a.ip, b.ip);
    assert.equal((await net.cachedStatus(pods[1]!.id))?.ip, b.ip);
    const names = net.names;
    assert.ok(linkExists(names.bridge));
    assert.equal((await bridgePorts(names.bridge)).length, 2, 'one veth per pod on the bridge');
    const addrs = await execInNetns(pods[0]!.ns, ['ip', '-4', '-o', 'addr']);
    assert.match(addrs.stdout, new RegExp(`lo\\s+inet 127\\.0\\.0\\.1/8`), 'loopback is up with its address');
    assert.match(addrs.stdout, new RegExp(`eth0\\s+inet ${a.ip.replace(/\./g, '\\.')}/24`));
    const routes = await execInNetns(pods[0]!.ns, ['ip', 'route']);
    assert.match(routes.stdout, new RegExp(`default via ${a.gateway.replace(/\./g, '\\.')} dev eth0`));

    // The pods reach each other.
    const p1 = await execInNetns(pods[0]!.ns, [...PING, b.ip]);
    assert.equal(p1.code, 0, p1.stdout + p1.stderr);
    const p2 = await execInNetns(pods[1]!.ns, [...PING, a.ip]);
    assert.equal(p2.code, 0, p2.stdout + p2.stderr);

    // hostPort: portmap's DNAT, reached directly (pod to pod) and through 127.0.0.1:<hostPort>.
    server = await serverInNetns(pods[1]!.ns, 8080, 'hello from b');
    const nat = await run('iptables', ['-w', '5', '-t', 'nat', '-S']);
    assert.match(nat, new RegExp(`--dport ${hostPort} -j DNAT --to-destination ${b.ip.replace(/\./g, '\\.')}:8080`));
    const direct = await execInNetns(pods[0]!.ns, ['/bin/busybox', 'nc', '-w', '3', b.ip, '8080']);
    assert.equal(direct.stdout, 'hello from b');
    const lnet = readFileSync(`/proc/sys/net/ipv4/conf/${names.bridge}/route_localnet`, 'utf8').trim();
    assert.equal(lnet, '1', 'portmap enables route_localnet on the bridge for 127.0.0.1 hostPorts');
    assert.equal(await readGreeting('127.0.0.1', hostPort), 'hello from b');

    await net.check(pods[0]!.id, paths[0]!, pods[0]!.opts);
    await net.check(pods[1]!.id, paths[1]!);
    await assert.rejects(
      net.check(pods[1]!.id, paths[1]!, { ...pods[1]!.opts, portMappings: [{ protocol: 'TCP', containerPort: 8080, hostPort: hostPort + 1 }] }),
      NetworkCheckError,
      'a hostPort without its DNAT rule fails CHECK',
    );
    await run('ip', ['-n', pods[0]!.ns, 'addr', 'flush', 'dev', 'eth0']);
    await assert.rejects(net.check(pods[0]!.id, paths[0]!), CniPluginError, 'the bridge plugin notices the lost address');

    // DEL both: veths, leases, iptables rules and cached results go.
    for (let i = 0; i < 2; i++) await net.tearDown(pods[i]!.id, paths[i]!, pods[i]!.opts);
    await net.tearDown(pods[0]!.id, paths[0]!); // idempotent
    await assert.rejects(net.check(pods[0]!.id, paths[0]!));
    assert.deepEqual(await bridgePorts(names.bridge), []);
    const after = await findLeftovers(dataDir);
    // Only the node-level masquerade rules stay (until cleanupNetwork); nothing per pod.
    assert.deepEqual(after.rules.filter((r) => !r.includes('id: "masquerade"')), []);
    assert.equal(after.rules.length, 4, 'the masquerade jump and its chain of three rules');
    assert.deepEqual(after.stateFiles.filter((f) => /\/\d+\.\d+\.\d+\.\d+$/.test(f) || f.includes('/results/')), [], 'no leases or cached results');
    const eth0 = await execInNetns(pods[0]!.ns, ['ip', 'link', 'show', 'eth0']);
    assert.notEqual(eth0.code, 0, 'eth0 removed from the pod namespace');
    const natAfter = (await run('iptables', ['-w', '5', '-t', 'nat', '-S'])).split('\n').filter((l) => !l.includes('CNI-SKF-MASQ-'));
    assert.ok(!natAfter.some((l) => l.includes(names.network) || l.includes(subnet.replace(/0\/24$/, ''))), natAfter.join('\n'));

    server.kill();
    server = undefined;
    for (const p of pods) await deleteNetns(p.ns);
    const clean = await cleanupNetwork(dataDir);
    assert.ok(isClean(clean), JSON.stringify(clean));
    assert.ok(!linkExists(names.bridge), 'bridge removed');
  } finally {
    server?.kill();
    for (const p of pods) await deleteNetns(p.ns).catch(() => {});
    await cleanupNetwork(dataDir).catch(() => {});
    rmSync(dataDir, { recursive: true, force: true });
  }
});
