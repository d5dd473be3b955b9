import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FakeResourceClient } from '../../../client/fake.js';
import { PODS } from '../../../client/gvr.js';
import { CycleState } from '../../framework/cycle-state.js';
import type { FilterRunner, Handle } from '../../framework/interfaces.js';
import { Snapshot } from '../../framework/node-info.js';
import { Framework } from '../../framework/runtime.js';
import { Status } from '../../framework/status.js';
import type { Pod } from '../../framework/types.js';
import { makeNode, makePod } from '../../testing.js';
import { REGISTRY } from '../registry.js';
import { newDefaultPreemption } from './index.js';

async function setup(pods: Pod[]) {
  const client = new FakeResourceClient();
  for (const p of pods) await client.create(PODS, p.metadata!.namespace!, p);
  const nodes = [
    makeNode('tainted', { cpu: '8', taints: [{ key: 'k', effect: 'NoSchedule' }] }),
    makeNode('n1', { cpu: '2' }),
    makeNode('n2', { cpu: '2' }),
  ];
  const snap = new Snapshot(nodes, pods);
  const handle: Handle & { filters: FilterRunner } = {
    client,
    schedulerName: 'default-scheduler',
    snapshot: () => snap,
    namespaceLabels: () => undefined,
    filters: {
      fitsOn(pod, s, node) {
        const state = new CycleState();
        return fw.runPreFilter(state, pod, s) ?? fw.runFilter(state, pod, s.get(node)!);
      },
    },
  };
  const fw = new Framework(REGISTRY, [{ name: 'TaintToleration' }, { name: 'NodeResourcesFit' }], handle);
  return { client, snap, handle, fw };
}

async function filterStatuses(fw: Framework, snap: Snapshot, pod: Pod): Promise<Map<string, Status>> {
  const m = new Map<string, Status>();
  const state = new CycleState();
  fw.runPreFilter(state, pod, snap);
  for (const ni of snap.nodeInfos) {
    const s = fw.runFilter(state, pod, ni);
    if (s) m.set(ni.name, s);
  }
  return m;
}

test('no lower-priority pods: preemption is not helpful / finds no victims, in upstream wording', async () => {
  const pods = [makePod('a', { nodeName: 'n1', cpu: '2', priority: 100 }), makePod('b', { nodeName: 'n2', cpu: '2', priority: 100 })];
  const { handle, fw, snap } = await setup(pods);
  const pod = makePod('p', { cpu: '1', priority: 100 });
  const r = await newDefaultPreemption({}, handle).postFilter(new CycleState(), pod, await filterStatuses(fw, snap, pod));
  assert.equal(r.status.message(), 'preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.');
  assert.equal(r.nominatedNodeName, '');
});

test('evicts the fewest lower-priority pods on the best node and nominates it', async () => {
  const pods = [
    makePod('keep', { nodeName: 'n1', cpu: '1', priority: 50 }),
    makePod('victim', { nodeName: 'n1', cpu: '1', priority: 10 }),
    makePod('important', { nodeName: 'n2', cpu: '2', priority: 90 }),
  ];
  const { client, handle, fw, snap } = await setup(pods);
  const pod = makePod('p', { cpu: '1', priority: 100 });
  const r = await newDefaultPreemption({}, handle).postFilter(new CycleState(), pod, await filterStatuses(fw, snap, pod));
  assert.ok(r.status.isSuccess());
  assert.equal(r.nominatedNodeName, 'n1');
  assert.deepEqual(client.objects(PODS).map((p) => p.metadata?.name).sort(), ['important', 'keep']);
});

test('preemptionPolicy Never is not eligible', async () => {
  const { handle } = await setup([]);
  const pod = makePod('p', { priority: 100 });
  pod.spec!.preemptionPolicy = 'Never';
  const r = await newDefaultPreemption({}, handle).postFilter(new CycleState(), pod, new Map());
  assert.equal(r.status.message(), 'preemption: not eligible due to preemptionPolicy=Never.');
});
