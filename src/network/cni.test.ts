import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addNetworkList, checkNetworkList, compareVersions, delNetworkList, formatCniArgs, getCachedResult, highestCommonVersion } from './cni.js';
import { DEFAULT_PLUGIN_DIRS, existingDirs, pluginVersions } from './cni-plugin.js';
import { CniConfigError, CniNotAttachedError, CniPluginError, CniPluginNotFoundError } from './errors.js';
import type { NetConfList, RuntimeConf } from './types.js';

// A fake plugin (node script) that logs its environment and stdin, then acts by its name:
// "addr" prints a result with an address, "dns" adds DNS to prevResult, "bad" fails with code 7.
const FAKE = `#!${process.execPath}
const fs = require('fs'), path = require('path');
let input = ''; process.stdin.on('data', (d) => (input += d)); process.stdin.on('end', () => {
  const me = path.basename(process.argv[1]);
  const conf = JSON.parse(input);
  const e = process.env;
  fs.appendFileSync(path.join(path.dirname(process.argv[1]), 'log'), JSON.stringify({ me, cmd: e.CNI_COMMAND, cid: e.CNI_CONTAINERID, netns: e.CNI_NETNS, ifname: e.CNI_IFNAME, args: e.CNI_ARGS, path: e.CNI_PATH, conf }) + '\\n');
  if (e.CNI_COMMAND === 'VERSION') return console.log(JSON.stringify({ cniVersion: '1.0.0', supportedVersions: ['0.4.0', '1.0.0'] }));
  if (me === 'bad') { console.log(JSON.stringify({ cniVersion: '1.0.0', code: 7, msg: 'bad config', details: 'field x' })); process.exit(1); }
  if (e.CNI_COMMAND !== 'ADD') return;
  if (me === 'addr') console.log(JSON.stringify({ cniVersion: conf.cniVersion, interfaces: [{ name: e.CNI_IFNAME, sandbox: e.CNI_NETNS }], ips: [{ address: '10.9.0.2/24', gateway: '10.9.0.1', interface: 0 }] }));
  if (me === 'dns') console.log(JSON.stringify({ ...conf.prevResult, dns: { nameservers: ['10.43.0.10'] } }));
});
`;

function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'skiff-cni-test-'));
  const bin = join(dir, 'bin');
  mkdirSync(bin);
  writeFileSync(join(bin, 'fake.cjs'), FAKE);
  chmodSync(join(bin, 'fake.cjs'), 0o755);
  for (const n of ['addr', 'dns', 'bad']) symlinkSync(join(bin, 'fake.cjs'), join(bin, n));
  const ctx = { pluginDirs: [join(dir, 'nothing-here'), bin], cacheDir: join(dir, 'cache') };
  const log = () =>
    existsSync(join(bin, 'log'))
      ? readFileSync(join(bin, 'log'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, any>)
      : [];
  const clearLog = () => rmSync(join(bin, 'log'), { force: true });
  return { dir, ctx, log, clearLog, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

const rt: RuntimeConf = {
  containerId: 'c1',
  netns: '/run/netns/x',
  ifName: 'eth0',
  args: [['IgnoreUnknown', '1'], ['K8S_POD_NAME', 'web']],
  capabilityArgs: { portMappings: [{ hostPort: 8080, containerPort: 80, protocol: 'tcp' }], other: 1 },
};

test('ADD runs the chain in order with prevResult, runtimeConfig and the CNI environment; DEL reverses with the cached result', async () => {
  const s = setup();
  try {
    const list: NetConfList = { cniVersion: '1.0.0', name: 'n1', plugins: [{ type: 'addr', x: 1 }, { type: 'dns', capabilities: { portMappings: true } }] };
    const result = await addNetworkList(s.ctx, list, rt);
    assert.deepEqual(result.ips, [{ address: '10.9.0.2/24', gateway: '10.9.0.1', interface: 0 }]);
    assert.deepEqual(result.dns, { nameservers: ['10.43.0.10'] });
    const [a, d] = s.log();
    assert.equal(a.me, 'addr');
    assert.equal(a.cmd, 'ADD');
    assert.equal(a.cid, 'c1');
    assert.equal(a.netns, '/run/netns/x');
    assert.equal(a.ifname, 'eth0');
    assert.equal(a.args, 'IgnoreUnknown=1;K8S_POD_NAME=web');
    assert.equal(a.path, s.ctx.pluginDirs.join(':'));
    assert.deepEqual(a.conf, { type: 'addr', x: 1, cniVersion: '1.0.0', name: 'n1' }, 'no capabilities: no runtimeConfig, first plugin: no prevResult');
    assert.equal(d.me, 'dns');
    assert.deepEqual(d.conf.runtimeConfig, { portMappings: rt.capabilityArgs!.portMappings }, 'only declared capabilities');
    assert.deepEqual(d.conf.prevResult.ips, result.ips);
    assert.deepEqual(getCachedResult(s.ctx, list, rt), result);

    await checkNetworkList(s.ctx, list, rt);
    s.clearLog();
    await delNetworkList(s.ctx, list, { containerId: 'c1', netns: '', ifName: 'eth0' });
    const del = s.log();
    assert.deepEqual(del.map((e) => `${e.me} ${e.cmd}`), ['dns DEL', 'addr DEL']);
    assert.deepEqual(del[0]!.conf.prevResult, result, 'DEL gets the cached ADD result');
    assert.equal(del[0]!.args, 'IgnoreUnknown=1;K8S_POD_NAME=web', 'cached CNI_ARGS when the caller has none');
    assert.deepEqual(del[0]!.conf.runtimeConfig, { portMappings: rt.capabilityArgs!.portMappings });
    assert.equal(getCachedResult(s.ctx, list, rt), undefined, 'cache entry gone after DEL');
    await assert.rejects(checkNetworkList(s.ctx, list, rt), CniNotAttachedError);
  } finally {
    s.cleanup();
  }
});

test('plugin errors surface with their CNI code; DEL still tries every plugin', async () => {
  const s = setup();
  try {
    const list: NetConfList = { cniVersion: '1.0.0', name: 'n2', plugins: [{ type: 'addr' }, { type: 'bad' }] };
    await assert.rejects(addNetworkList(s.ctx, list, rt), (e: unknown) => {
      assert.ok(e instanceof CniPluginError);
      assert.equal(e.code, 7);
      assert.equal(e.msg, 'bad config');
      assert.equal(e.details, 'field x');
      assert.equal(e.plugin, 'bad');
      return true;
    });
    s.clearLog();
    await assert.rejects(delNetworkList(s.ctx, list, rt), CniPluginError);
    assert.deepEqual(s.log().map((e) => `${e.me} ${e.cmd}`), ['bad DEL', 'addr DEL']);
    await assert.rejects(addNetworkList(s.ctx, { ...list, plugins: [{ type: 'nope' }] }, rt), CniPluginNotFoundError);
    await assert.rejects(addNetworkList(s.ctx, { ...list, plugins: [{ type: '../addr' }] }, rt), CniPluginNotFoundError);
  } finally {
    s.cleanup();
  }
});

test('CNI_ARGS formatting and version comparison', () => {
  assert.equal(formatCniArgs([['A', '1'], ['B', 'x']]), 'A=1;B=x');
  assert.throws(() => formatCniArgs([['A', 'x;y']]), CniConfigError);
  assert.equal(compareVersions('0.4.0', '1.0.0'), -1);
  assert.equal(compareVersions('1.0.0', '1.0'), 0);
  assert.equal(compareVersions('0.3.1', '0.3.0'), 1);
});

test('the installed plugins answer VERSION and share 1.0.0', async () => {
  const dirs = existingDirs(DEFAULT_PLUGIN_DIRS);
  const v = await pluginVersions('bridge', dirs);
  assert.ok(v.includes('1.0.0'), v.join(','));
  assert.equal(await highestCommonVersion(['bridge', 'host-local', 'portmap', 'loopback'], dirs), '1.0.0');
  assert.equal(await highestCommonVersion(['bridge', 'portmap'], dirs, '0.4.0'), '0.4.0');
});
