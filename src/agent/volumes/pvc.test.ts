import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { PV, PVC } from '../../controllers/storage/constants.js';
import { VolumeSetupError } from '../errors.js';
import type { Pod } from '../types.js';
import { VolumeManager } from './manager.js';
import { isMountPoint } from './mounts.js';
import { type ClaimSource, resolveClaimPath, setUpClaim } from './pvc.js';

function source(claims: PVC[], volumes: PV[]): ClaimSource {
  return {
    async getClaim(ns, name) { return claims.find((c) => c.metadata?.namespace === ns && c.metadata?.name === name); },
    async getVolume(name) { return volumes.find((v) => v.metadata?.name === name); },
  };
}

const claim = (o: { bound?: boolean; deleting?: boolean } = {}): PVC => ({
  metadata: { name: 'data', namespace: 'ns', uid: 'c1', ...(o.deleting ? { deletionTimestamp: '2024-01-01T00:00:00Z' } : {}) },
  spec: { volumeName: o.bound === false ? undefined : 'pv1' },
  status: { phase: o.bound === false ? 'Pending' : 'Bound' },
});
const volume = (spec: Record<string, unknown>, uid = 'c1'): PV => ({ metadata: { name: 'pv1' }, spec: { claimRef: { name: 'data', namespace: 'ns', uid }, ...spec } } as PV);

test('resolves a bound claim to its hostPath or local path', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'skiff-pvc-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const made = join(dir, 'made');
  assert.equal(await resolveClaimPath(source([claim()], [volume({ hostPath: { path: made, type: 'DirectoryOrCreate' } })]), 'ns', { claimName: 'data' }), made);
  assert.ok(existsSync(made));
  assert.equal(await resolveClaimPath(source([claim()], [volume({ local: { path: dir } })]), 'ns', { claimName: 'data' }), dir);
});

test('a claim that is missing, unbound, being deleted or bound elsewhere fails with a FailedMount message', async () => {
  const cases: Array<[ClaimSource | undefined, RegExp]> = [
    [source([], []), /error processing PVC ns\/data: failed to fetch PVC from API server: persistentvolumeclaims "data" not found/],
    [source([claim({ bound: false })], []), /error processing PVC ns\/data: PVC is not bound/],
    [source([claim({ deleting: true })], []), /PVC is being deleted/],
    [source([claim()], []), /failed to fetch PV pv1/],
    [source([claim()], [volume({ hostPath: { path: '/tmp' } }, 'other')]), /not bound to this claim/],
    [source([claim()], [volume({ nfs: { server: 's', path: '/' } })]), /volume type nfs of PV pv1 is not supported/],
    [undefined, /no access to PersistentVolumeClaims/],
  ];
  for (const [src, re] of cases) await assert.rejects(resolveClaimPath(src, 'ns', { claimName: 'data' }), (e: Error) => e instanceof VolumeSetupError && re.test(e.message));
});

test('the volume manager mounts claims and reports unbound ones as FailedMount', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'skiff-pvc-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const pod: Pod = { metadata: { name: 'p', namespace: 'ns', uid: 'u1' }, spec: { containers: [{ name: 'c' }], volumes: [{ name: 'v', persistentVolumeClaim: { claimName: 'data' } }] } };
  const ctx = { pod, source: { getConfigMap: async () => undefined, getSecret: async () => undefined }, node: { cpu: 1, memory: 1, 'ephemeral-storage': 1 }, podIPs: [], hostIPs: [] };
  const bound = new VolumeManager(dir, false, source([claim()], [volume({ hostPath: { path: join(dir, 'data') } })]));
  assert.equal((await bound.setUp(ctx)).paths.get('v'), join(dir, 'data'));
  const unbound = new VolumeManager(dir, false, source([claim({ bound: false })], []));
  assert.deepEqual((await unbound.setUp(ctx)).errors, [{ volume: 'v', message: 'MountVolume.SetUp failed for volume "v" : error processing PVC ns/data: PVC is not bound' }]);
});

test('a readOnly claim is bind-mounted read-only under the pod directory (as root)', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'skiff-pvc-'));
  const data = join(dir, 'data');
  mkdirSync(data);
  writeFileSync(join(data, 'f'), 'x');
  const target = join(dir, 'pod', 'ro');
  t.after(() => {
    if (isMountPoint(target)) execFileSync('umount', [target]);
    rmSync(dir, { recursive: true, force: true });
  });
  const src = source([claim()], [volume({ hostPath: { path: data } })]);
  const p = await setUpClaim(src, 'ns', { claimName: 'data', readOnly: true }, target, true);
  assert.equal(p, target);
  assert.ok(isMountPoint(target));
  // A second sync keeps the one mount.
  await setUpClaim(src, 'ns', { claimName: 'data', readOnly: true }, target, true);
  assert.throws(() => writeFileSync(join(target, 'g'), 'y'), /EROFS/);
  assert.equal(await setUpClaim(src, 'ns', { claimName: 'data' }, join(dir, 'pod', 'rw'), true), data);
});
