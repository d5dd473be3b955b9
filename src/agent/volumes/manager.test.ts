import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ObjectSource } from '../object-source.js';
import type { ConfigMap, Pod, Secret } from '../types.js';
import { VolumeManager } from './manager.js';
import { resolveSubPath } from './subpath.js';

const b64 = (s: string): string => Buffer.from(s).toString('base64');

function fixture(t: { after(fn: () => void): void }) {
  const dataDir = mkdtempSync(join(tmpdir(), 'skiff-vol-'));
  t.after(() => rmSync(dataDir, { recursive: true, force: true }));
  const cms: Record<string, ConfigMap> = { cm: { metadata: { name: 'cm' }, data: { a: 'alpha', b: 'beta' } } };
  const source: ObjectSource = {
    async getConfigMap(_ns, n) { return cms[n]; },
    async getSecret(_ns, n) { return n === 's' ? ({ metadata: { name: 's' }, data: { token: b64('t0k') } } as Secret) : undefined; },
  };
  return { dataDir, cms, source, vm: new VolumeManager(dataDir, false) };
}

const pod = (volumes: NonNullable<Pod['spec']>['volumes']): Pod => ({
  metadata: { name: 'p', namespace: 'ns', uid: 'u1', labels: { a: 'b' } },
  spec: { containers: [{ name: 'c', resources: { limits: { memory: '128Mi' } } }], volumes },
});

test('configMap, secret, downwardAPI and projected volumes: contents and modes; updates reach the volume', async (t) => {
  const { dataDir, cms, source, vm } = fixture(t);
  const p = pod([
    { name: 'cfg', configMap: { name: 'cm', items: [{ key: 'a', path: 'dir/a.txt', mode: 0o600 }] } },
    { name: 'all', configMap: { name: 'cm', defaultMode: 0o640 } },
    { name: 'sec', secret: { secretName: 's' } },
    { name: 'dapi', downwardAPI: { items: [{ path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } }, { path: 'mem', resourceFieldRef: { containerName: 'c', resource: 'limits.memory', divisor: '1Mi' } }] } },
    { name: 'proj', projected: { defaultMode: 0o400, sources: [{ configMap: { name: 'cm', items: [{ key: 'b', path: 'b' }] } }, { secret: { name: 's' } }] } },
    { name: 'scratch', emptyDir: {} },
  ]);
  const ctx = { pod: p, source, node: { cpu: 1, memory: 1, 'ephemeral-storage': 1 }, podIPs: [], hostIPs: [] };
  const r = await vm.setUp(ctx);
  assert.deepEqual(r.errors, []);
  const cfg = r.paths.get('cfg')!;
  assert.equal(cfg, join(dataDir, 'pods/u1/volumes/kubernetes.io~configmap/cfg'));
  assert.equal(readFileSync(join(cfg, 'dir/a.txt'), 'utf8'), 'alpha');
  assert.equal(statSync(join(cfg, 'dir/a.txt')).mode & 0o777, 0o600);
  assert.equal(existsSync(join(cfg, 'b')), false);
  assert.equal(statSync(join(r.paths.get('all')!, 'b')).mode & 0o777, 0o640);
  assert.equal(readFileSync(join(r.paths.get('sec')!, 'token'), 'utf8'), 't0k');
  assert.equal(statSync(join(r.paths.get('sec')!, 'token')).mode & 0o777, 0o644);
  assert.equal(readFileSync(join(r.paths.get('dapi')!, 'labels'), 'utf8'), 'a="b"');
  assert.equal(readFileSync(join(r.paths.get('dapi')!, 'mem'), 'utf8'), '128');
  assert.equal(readFileSync(join(r.paths.get('proj')!, 'b'), 'utf8'), 'beta');
  assert.equal(statSync(join(r.paths.get('proj')!, 'token')).mode & 0o777, 0o400);
  assert.equal(statSync(r.paths.get('scratch')!).mode & 0o777, 0o777);
  cms.cm = { metadata: { name: 'cm' }, data: { a: 'ALPHA2', b: 'beta' } };
  await vm.setUp(ctx);
  assert.equal(readFileSync(join(cfg, 'dir/a.txt'), 'utf8'), 'ALPHA2');
  await vm.tearDown('u1');
  assert.equal(existsSync(join(dataDir, 'pods/u1')), false);
});

test('missing sources and keys are FailedMount errors unless optional', async (t) => {
  const { source, vm } = fixture(t);
  const ctx = (v: NonNullable<Pod['spec']>['volumes']) => ({ pod: pod(v), source, node: { cpu: 1, memory: 1, 'ephemeral-storage': 1 }, podIPs: [], hostIPs: [] });
  const r = await vm.setUp(ctx([
    { name: 'x', configMap: { name: 'nope' } },
    { name: 'y', secret: { secretName: 's', items: [{ key: 'missing', path: 'm' }] } },
    { name: 'z', configMap: { name: 'nope', optional: true } },
  ]));
  assert.deepEqual(r.errors.map((e) => e.message), [
    'MountVolume.SetUp failed for volume "x" : configmap "nope" not found',
    'MountVolume.SetUp failed for volume "y" : references non-existent secret key: missing',
  ]);
  assert.ok(r.paths.has('z'));
});

test('hostPath type checks', async (t) => {
  const { dataDir, source, vm } = fixture(t);
  const host = join(dataDir, 'host');
  const file = join(dataDir, 'f');
  writeFileSync(file, 'x');
  const ctx = (v: NonNullable<Pod['spec']>['volumes']) => ({ pod: pod(v), source, node: { cpu: 1, memory: 1, 'ephemeral-storage': 1 }, podIPs: [], hostIPs: [] });
  const r = await vm.setUp(ctx([
    { name: 'mk', hostPath: { path: join(host, 'new'), type: 'DirectoryOrCreate' } },
    { name: 'mkf', hostPath: { path: join(host, 'newfile'), type: 'FileOrCreate' } },
    { name: 'bad', hostPath: { path: file, type: 'Directory' } },
    { name: 'sock', hostPath: { path: file, type: 'Socket' } },
  ]));
  assert.ok(statSync(join(host, 'new')).isDirectory());
  assert.ok(statSync(join(host, 'newfile')).isFile());
  assert.deepEqual(r.errors.map((e) => e.message), [
    `MountVolume.SetUp failed for volume "bad" : hostPath type check failed: ${file} is not a directory`,
    `MountVolume.SetUp failed for volume "sock" : hostPath type check failed: ${file} is not a socket file`,
  ]);
});

test('subPath stays inside the volume', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'skiff-sub-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(join(dir, 'v'));
  assert.equal(resolveSubPath(join(dir, 'v'), 'a/b'), join(dir, 'v/a/b'));
  assert.throws(() => resolveSubPath(join(dir, 'v'), '../x'), /must be a relative path/);
});

test('fsGroup: volumes get the group, group-readable files, setgid directories; unchanged payloads are not rewritten', async (t) => {
  const { source, vm } = fixture(t);
  // As root any group will do; otherwise our own (a user may give files to its own group).
  const fsGroup = process.getuid?.() === 0 ? 4321 : process.getgid!();
  const p = pod([
    { name: 'sec', secret: { secretName: 's', defaultMode: 0o400 } },
    { name: 'scratch', emptyDir: {} },
  ]);
  p.spec!.securityContext = { fsGroup };
  const ctx = { pod: p, source, node: { cpu: 1, memory: 1, 'ephemeral-storage': 1 }, podIPs: [], hostIPs: [] };
  const r = await vm.setUp(ctx);
  assert.deepEqual(r.errors, []);
  const token = join(r.paths.get('sec')!, 'token');
  assert.equal(statSync(token).gid, fsGroup);
  assert.equal(statSync(token).mode & 0o777, 0o440, 'defaultMode 0400 plus group read');
  const scratch = r.paths.get('scratch')!;
  assert.equal(statSync(scratch).gid, fsGroup);
  assert.equal(statSync(scratch).mode & 0o7777, 0o2777, 'emptyDir: setgid, so new files get the group');
  writeFileSync(join(scratch, 'made-by-container'), 'x');
  assert.equal(statSync(join(scratch, 'made-by-container')).gid, fsGroup);
  // A second sync with the same Secret finds the payload unchanged (modes compare equal).
  const before = statSync(join(r.paths.get('sec')!, '..data')).ino;
  await vm.setUp(ctx);
  assert.equal(statSync(join(r.paths.get('sec')!, '..data')).ino, before);
});
