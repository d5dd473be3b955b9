import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, it } from 'node:test';
import { harness, until, type Harness } from '../testing.js';
import { createBinder } from './binder.js';
import { ANN_DEFAULT_CLASS, ANN_PROVISIONED_BY, ANN_SELECTED_NODE, PVCS, STORAGE_CLASSES, type StorageClass } from './constants.js';
import { LocalDirs, PathOutsideStorageError } from './dirs.js';
import { createProvisioner } from './provisioner.js';
import { getClaim, getVolume, makeClaim, makeClass, seed, storageNode } from './testing.js';

let h: Harness;
let dir: string;
afterEach(async () => {
  await h?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function start(): Promise<void> {
  dir = mkdtempSync(join(tmpdir(), 'skiff-storage-'));
  h = harness({ storageDir: dir });
  await seed.node(h.client, storageNode('n1'));
}

describe('local-path-provisioner', () => {
  it('creates the default local-path class when missing', async () => {
    await start();
    await h.run(createProvisioner);
    const sc = await until(() => h.client.objects<StorageClass>(STORAGE_CLASSES).find((c) => c.metadata?.name === 'local-path'));
    assert.equal(sc.provisioner, 'skiff.dev/local-path');
    assert.equal(sc.volumeBindingMode, 'WaitForFirstConsumer');
    assert.equal(sc.reclaimPolicy, 'Delete');
    assert.equal(sc.metadata?.annotations?.[ANN_DEFAULT_CLASS], 'true');
  });

  it("keeps a user's local-path class", async () => {
    await start();
    await seed.klass(h.client, makeClass('local-path', { provisioner: 'skiff.dev/local-path', mode: 'Immediate', policy: 'Retain' }));
    await h.run(createProvisioner);
    await new Promise((r) => setTimeout(r, 50));
    const sc = h.client.objects<StorageClass>(STORAGE_CLASSES).find((c) => c.metadata?.name === 'local-path')!;
    assert.equal(sc.volumeBindingMode, 'Immediate');
    assert.equal(sc.metadata?.annotations?.[ANN_DEFAULT_CLASS], undefined);
  });

  it('provisions a directory and a hostPath PV on the selected node, binds it, and deletes both with the claim', async () => {
    await start();
    await h.run(createBinder);
    await h.run(createProvisioner);
    await seed.claim(h.client, makeClaim('data', { ns: 'apps', size: '2Gi', className: null }));
    await until(() => h.events.some((e) => e.reason === 'WaitForFirstConsumer'));
    const uid = (await getClaim(h.client, 'data', 'apps')).metadata!.uid!;
    assert.equal(existsSync(join(dir, `pvc-${uid}_apps_data`)), false);
    await h.client.patch(PVCS, 'apps', 'data', 'merge', { metadata: { annotations: { [ANN_SELECTED_NODE]: 'n1' } } });
    const pvc = await until(async () => {
      const c = await getClaim(h.client, 'data', 'apps');
      return c.status?.phase === 'Bound' ? c : undefined;
    });
    const path = join(dir, `pvc-${uid}_apps_data`);
    assert.equal(pvc.spec?.volumeName, `pvc-${uid}`);
    assert.ok(statSync(path).isDirectory());
    assert.equal(statSync(path).mode & 0o777, 0o777);
    const pv = await getVolume(h.client, `pvc-${uid}`);
    assert.equal(pv.status?.phase, 'Bound');
    assert.deepEqual(pv.spec?.hostPath, { path, type: 'DirectoryOrCreate' });
    assert.deepEqual(pv.spec?.capacity, { storage: '2Gi' });
    assert.equal(pv.spec?.storageClassName, 'local-path');
    assert.equal(pv.spec?.persistentVolumeReclaimPolicy, 'Delete');
    assert.equal(pv.metadata?.annotations?.[ANN_PROVISIONED_BY], 'skiff.dev/local-path');
    assert.deepEqual(pv.spec?.nodeAffinity?.required?.nodeSelectorTerms, [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: ['n1'] }] }]);
    assert.ok(h.events.some((e) => e.reason === 'ProvisioningSucceeded' && e.message === `Successfully provisioned volume pvc-${uid}`));
    writeFileSync(join(path, 'f'), 'x');
    await h.client.delete(PVCS, 'apps', 'data');
    await until(() => !h.client.objects(PVCS).length && !h.client.objects({ group: '', version: 'v1', resource: 'persistentvolumes' }).length);
    await until(() => !existsSync(path));
  });

  it('keeps a Retain volume and its directory Released', async () => {
    await start();
    await seed.klass(h.client, makeClass('keep', { provisioner: 'skiff.dev/local-path', mode: 'Immediate', policy: 'Retain' }));
    await h.run(createBinder);
    await h.run(createProvisioner);
    await seed.claim(h.client, makeClaim('c', { className: 'keep', annotations: { [ANN_SELECTED_NODE]: 'n1' } }));
    const pvc = await until(async () => {
      const c = await getClaim(h.client, 'c');
      return c.status?.phase === 'Bound' ? c : undefined;
    });
    await h.client.delete(PVCS, 'default', 'c');
    const name = pvc.spec!.volumeName!;
    await until(async () => (await getVolume(h.client, name)).status?.phase === 'Released');
    await new Promise((r) => setTimeout(r, 50));
    const pv = await getVolume(h.client, name);
    assert.ok(existsSync(pv.spec!.hostPath!.path));
  });

  it('an Immediate claim without a node fails to provision, with an event', async () => {
    await start();
    await seed.klass(h.client, makeClass('now', { provisioner: 'skiff.dev/local-path', mode: 'Immediate' }));
    await h.run(createBinder);
    await h.run(createProvisioner);
    await seed.claim(h.client, makeClaim('c', { className: 'now' }));
    await until(() => h.events.some((e) => e.reason === 'ProvisioningFailed' && /no node was specified/.test(e.message)));
    assert.equal((await getClaim(h.client, 'c')).status?.phase, 'Pending');
  });
});

describe('LocalDirs', () => {
  it('refuses paths outside its root', async () => {
    dir = mkdtempSync(join(tmpdir(), 'skiff-storage-'));
    const d = new LocalDirs(join(dir, 'root'));
    await assert.rejects(d.create('n', join(dir, 'elsewhere')), PathOutsideStorageError);
    await assert.rejects(d.remove('n', join(dir, 'root')), PathOutsideStorageError);
    await assert.rejects(d.remove('n', join(dir, 'root', '..', 'x')), PathOutsideStorageError);
    await d.create('n', join(dir, 'root', 'v'));
    assert.ok(existsSync(join(dir, 'root', 'v')));
  });
});
