import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { ApiError } from '../../client/types.js';
import { harness, until, type Harness } from '../testing.js';
import { createBinder } from './binder.js';
import { ANN_BIND_COMPLETED, ANN_BOUND_BY_CONTROLLER, ANN_SELECTED_NODE, ANN_STORAGE_PROVISIONER, PVCS, PVS } from './constants.js';
import { getClaim, getVolume, makeClaim, makeClass, makeVolume, seed, storageNode } from './testing.js';

let h: Harness;
afterEach(() => h?.stop());

describe('persistentvolume-binder', () => {
  it('binds a claim to a matching static volume both ways', async () => {
    h = harness();
    await seed.volume(h.client, makeVolume('pv1', { size: '2Gi', className: 'manual' }));
    await seed.claim(h.client, makeClaim('data', { className: 'manual' }));
    await h.run(createBinder);
    const pvc = await until(async () => ((await getClaim(h.client, 'data')).status?.phase === 'Bound' ? getClaim(h.client, 'data') : undefined));
    assert.equal(pvc.spec?.volumeName, 'pv1');
    assert.equal(pvc.metadata?.annotations?.[ANN_BIND_COMPLETED], 'yes');
    assert.equal(pvc.metadata?.annotations?.[ANN_BOUND_BY_CONTROLLER], 'yes');
    assert.deepEqual(pvc.status?.capacity, { storage: '2Gi' });
    assert.deepEqual(pvc.status?.accessModes, ['ReadWriteOnce']);
    const pv = await getVolume(h.client, 'pv1');
    assert.equal(pv.status?.phase, 'Bound');
    assert.equal(pv.spec?.claimRef?.name, 'data');
    assert.equal(pv.spec?.claimRef?.uid, pvc.metadata?.uid);
    assert.equal(pv.metadata?.annotations?.[ANN_BOUND_BY_CONTROLLER], 'yes');
  });

  it('marks unclaimed volumes Available and leaves claims without a match Pending with FailedBinding', async () => {
    h = harness();
    await seed.volume(h.client, makeVolume('tiny', { size: '100Mi', className: '' }));
    await seed.claim(h.client, makeClaim('big', { size: '5Gi', className: '' }));
    await h.run(createBinder);
    await until(async () => (await getVolume(h.client, 'tiny')).status?.phase === 'Available');
    await until(() => h.events.some((e) => e.reason === 'FailedBinding' && /no storage class is set/.test(e.message)));
    assert.equal((await getClaim(h.client, 'big')).status?.phase, 'Pending');
  });

  it('binds a volume pre-bound by the user (claimRef without uid) to its claim only', async () => {
    h = harness();
    await seed.volume(h.client, makeVolume('reserved', { size: '1Gi', className: 'manual', claim: { name: 'owner' } }));
    await seed.claim(h.client, makeClaim('other', { className: 'manual' }));
    await seed.claim(h.client, makeClaim('owner', { className: 'manual' }));
    await h.run(createBinder);
    await until(async () => (await getClaim(h.client, 'owner')).status?.phase === 'Bound');
    const pv = await getVolume(h.client, 'reserved');
    assert.equal(pv.spec?.claimRef?.name, 'owner');
    assert.equal(pv.metadata?.annotations?.[ANN_BOUND_BY_CONTROLLER], undefined);
    assert.equal((await getClaim(h.client, 'other')).spec?.volumeName, undefined);
  });

  it('waits for the first consumer, then hands the claim to its provisioner', async () => {
    h = harness();
    await seed.klass(h.client, makeClass('local', { provisioner: 'skiff.dev/local-path', mode: 'WaitForFirstConsumer', isDefault: true }));
    await seed.node(h.client, storageNode('n1'));
    await seed.claim(h.client, makeClaim('data', { className: null }));
    await h.run(createBinder);
    await until(() => h.events.some((e) => e.reason === 'WaitForFirstConsumer'));
    let pvc = await getClaim(h.client, 'data');
    assert.equal(pvc.metadata?.annotations?.[ANN_STORAGE_PROVISIONER], undefined);
    // No class named: the default one is assigned retroactively.
    assert.equal(pvc.spec?.storageClassName, 'local');
    await h.client.patch(PVCS, 'default', 'data', 'merge', { metadata: { annotations: { [ANN_SELECTED_NODE]: 'n1' } } });
    pvc = await until(async () => {
      const c = await getClaim(h.client, 'data');
      return c.metadata?.annotations?.[ANN_STORAGE_PROVISIONER] === 'skiff.dev/local-path' ? c : undefined;
    });
    await until(() => h.events.some((e) => e.reason === 'ExternalProvisioning' && e.message.includes("'skiff.dev/local-path'")));
    assert.equal(pvc.status?.phase, 'Pending');
  });

  it('uses the default class as the effective class when the API server refuses to set it', async () => {
    h = harness();
    h.client.prependReactor((a) => {
      if (a.verb === 'update' && a.resource === 'persistentvolumeclaims' && !a.subresource && (a.body as { spec?: { storageClassName?: string } }).spec?.storageClassName) {
        throw new ApiError(422, 'Invalid', 'spec is immutable');
      }
      return undefined;
    });
    await seed.klass(h.client, makeClass('std', { isDefault: true }));
    await seed.claim(h.client, makeClaim('data', { className: null }));
    await h.run(createBinder);
    const pvc = await until(async () => {
      const c = await getClaim(h.client, 'data');
      return c.metadata?.annotations?.[ANN_STORAGE_PROVISIONER] === 'example.com/nfs' ? c : undefined;
    });
    assert.equal(pvc.spec?.storageClassName, undefined);
  });

  it('releases a volume whose claim is deleted: Retain stays Released, Delete without a deleter fails', async () => {
    h = harness();
    await seed.volume(h.client, makeVolume('keep', { className: 'a', policy: 'Retain' }));
    await seed.volume(h.client, makeVolume('drop', { className: 'b', policy: 'Delete' }));
    await seed.claim(h.client, makeClaim('ca', { className: 'a' }));
    await seed.claim(h.client, makeClaim('cb', { className: 'b' }));
    await h.run(createBinder);
    await until(async () => (await getClaim(h.client, 'ca')).status?.phase === 'Bound' && (await getClaim(h.client, 'cb')).status?.phase === 'Bound');
    await h.client.delete(PVCS, 'default', 'ca');
    await h.client.delete(PVCS, 'default', 'cb');
    await until(async () => (await getVolume(h.client, 'keep')).status?.phase === 'Released');
    await until(async () => (await getVolume(h.client, 'drop')).status?.phase === 'Failed');
    assert.ok(h.events.some((e) => e.reason === 'VolumeFailedDelete' && e.ref.name === 'drop'));
    assert.equal((await getVolume(h.client, 'keep')).spec?.claimRef?.name, 'ca');
  });

  it('marks a bound claim Lost when its volume disappears', async () => {
    h = harness();
    await seed.volume(h.client, makeVolume('pv', { className: 'm' }));
    await seed.claim(h.client, makeClaim('c', { className: 'm' }));
    await h.run(createBinder);
    await until(async () => (await getClaim(h.client, 'c')).status?.phase === 'Bound');
    await h.client.delete(PVS, '', 'pv');
    await until(async () => (await getClaim(h.client, 'c')).status?.phase === 'Lost');
    assert.ok(h.events.some((e) => e.reason === 'ClaimLost'));
  });

  it('leaves a claim naming a too-small volume Pending with VolumeMismatch', async () => {
    h = harness();
    await seed.volume(h.client, makeVolume('small', { size: '1Gi', className: 'm' }));
    await seed.claim(h.client, makeClaim('c', { size: '3Gi', className: 'm', volumeName: 'small' }));
    await h.run(createBinder);
    await until(() => h.events.some((e) => e.reason === 'VolumeMismatch' && /too small/.test(e.message)));
    assert.equal((await getVolume(h.client, 'small')).spec?.claimRef, undefined);
  });
});
