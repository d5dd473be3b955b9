import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { FakeResourceClient } from '../../../client/fake.js';
import { ANN_BIND_COMPLETED, ANN_SELECTED_NODE, PVCS, PVS, type PVC } from '../../../controllers/storage/constants.js';
import { makeClaim, makeClass, makeVolume, seed } from '../../../controllers/storage/testing.js';
import { CycleState } from '../../framework/cycle-state.js';
import { Snapshot } from '../../framework/node-info.js';
import { Code } from '../../framework/status.js';
import type { Pod } from '../../framework/types.js';
import { filterAll, makeNode, makePod, reasons } from '../../testing.js';
import { ERR_BIND_CONFLICT, ERR_NODE_CONFLICT, ERR_UNBOUND_IMMEDIATE } from './claims.js';
import { newVolumeBinding, type VolumeBindingPlugin } from './index.js';

const snap = new Snapshot([makeNode('a'), makeNode('b')], []);
let plugin: VolumeBindingPlugin | undefined;
afterEach(() => plugin?.close());

function withClaims(name: string, ...claims: string[]): Pod {
  const p = makePod(name);
  (p.spec as { volumes?: unknown[] }).volumes = claims.map((c, i) => ({ name: `v${i}`, persistentVolumeClaim: { claimName: c } }));
  return p;
}

async function ready(client: FakeResourceClient): Promise<VolumeBindingPlugin> {
  const handle = { client, schedulerName: 'default-scheduler', snapshot: () => snap, namespaceLabels: () => undefined };
  plugin = newVolumeBinding({ bindTimeoutSeconds: 1 }, handle);
  // The first PVC pod starts the caches; until they list, PreFilter asks for a retry.
  const first = plugin.preFilter(new CycleState(), withClaims('probe', 'x'), snap);
  assert.equal(first?.code, Code.Error);
  for (let i = 0; i < 100 && plugin.preFilter(new CycleState(), withClaims('probe', 'x'), snap)?.code === Code.Error; i++) await new Promise((r) => setTimeout(r, 5));
  return plugin;
}

describe('VolumeBinding', () => {
  it('skips pods without claims and never starts its caches for them', () => {
    const client = new FakeResourceClient();
    plugin = newVolumeBinding({}, { client, schedulerName: 's', snapshot: () => snap, namespaceLabels: () => undefined });
    assert.equal(plugin.preFilter(new CycleState(), makePod('p'), snap)?.code, Code.Skip);
    assert.equal(client.actions.length, 0);
  });

  it('rejects pods whose claims are missing or unbound with Immediate binding', async () => {
    const client = new FakeResourceClient();
    await seed.klass(client, makeClass('now', { mode: 'Immediate' }));
    await seed.claim(client, makeClaim('pending', { className: 'now' }));
    const p = await ready(client);
    assert.deepEqual(reasons(filterAll(p, withClaims('p', 'nope'), snap)), { a: 'persistentvolumeclaim "nope" not found', b: 'persistentvolumeclaim "nope" not found' });
    const s = p.preFilter(new CycleState(), withClaims('p', 'pending'), snap);
    assert.equal(s?.code, Code.UnschedulableAndUnresolvable);
    assert.deepEqual(s?.reasons, [ERR_UNBOUND_IMMEDIATE]);
  });

  it("keeps only nodes a bound volume's node affinity allows", async () => {
    const client = new FakeResourceClient();
    await seed.volume(client, makeVolume('pv-b', { className: 'm', node: 'b', claim: { name: 'data' } }));
    await seed.claim(client, makeClaim('data', { className: 'm', volumeName: 'pv-b' }));
    const p = await ready(client);
    assert.deepEqual(reasons(filterAll(p, withClaims('p', 'data'), snap)), { a: ERR_NODE_CONFLICT, b: '' });
  });

  it('WaitForFirstConsumer claims: any node with a provisioner, else only nodes with a matching static volume', async () => {
    const client = new FakeResourceClient();
    await seed.klass(client, makeClass('dyn', { mode: 'WaitForFirstConsumer', provisioner: 'skiff.dev/local-path' }));
    await seed.klass(client, makeClass('static', { mode: 'WaitForFirstConsumer', provisioner: 'kubernetes.io/no-provisioner' }));
    await seed.volume(client, makeVolume('local-b', { className: 'static', node: 'b', phase: 'Available' }));
    await seed.claim(client, makeClaim('d', { className: 'dyn' }));
    await seed.claim(client, makeClaim('s', { className: 'static' }));
    const p = await ready(client);
    assert.deepEqual(reasons(filterAll(p, withClaims('p', 'd'), snap)), { a: '', b: '' });
    assert.deepEqual(reasons(filterAll(p, withClaims('p', 's'), snap)), { a: ERR_BIND_CONFLICT, b: '' });
  });

  it('bind writes selected-node, waits for the claim to be bound, then lets DefaultBinder bind', async () => {
    const client = new FakeResourceClient();
    await seed.klass(client, makeClass('dyn', { mode: 'WaitForFirstConsumer', provisioner: 'skiff.dev/local-path' }));
    const pvc = await seed.claim(client, makeClaim('d', { className: 'dyn' }));
    const p = await ready(client);
    const state = new CycleState();
    const pod = withClaims('p', 'd');
    assert.equal(p.preFilter(state, pod, snap), undefined);
    const binding = p.bind(state, pod, 'b');
    // Stand in for the binder and provisioner once the annotation shows up.
    for (let i = 0; i < 100; i++) {
      const c = await client.get<PVC>(PVCS, 'default', 'd');
      if (c.metadata?.annotations?.[ANN_SELECTED_NODE] === 'b') break;
      await new Promise((r) => setTimeout(r, 10));
    }
    await seed.volume(client, makeVolume('pvc-1', { className: 'dyn', node: 'b', claim: { name: 'd', uid: pvc.metadata!.uid } }));
    await client.patch(PVCS, 'default', 'd', 'merge', { metadata: { annotations: { [ANN_BIND_COMPLETED]: 'yes' } }, spec: { volumeName: 'pvc-1' } });
    const s = await binding;
    assert.equal(s?.code, Code.Skip);
    assert.equal((await client.get<PVC>(PVCS, 'default', 'd')).metadata?.annotations?.[ANN_SELECTED_NODE], 'b');
    assert.ok(client.objects(PVS).length === 1);
  });

  it('bind fails with an error when the claim is not bound in time', async () => {
    const client = new FakeResourceClient();
    await seed.klass(client, makeClass('dyn', { mode: 'WaitForFirstConsumer', provisioner: 'skiff.dev/local-path' }));
    await seed.claim(client, makeClaim('d', { className: 'dyn' }));
    const p = await ready(client);
    const state = new CycleState();
    const pod = withClaims('p', 'd');
    p.preFilter(state, pod, snap);
    const s = await p.bind(state, pod, 'a');
    assert.equal(s?.code, Code.Error);
    assert.match(s!.message(), /^binding volumes: timed out waiting for the condition/);
  });
});
