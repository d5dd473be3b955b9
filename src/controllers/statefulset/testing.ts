// Helpers for the StatefulSet controller's unit tests: a defaulted set, a
// fake API that gives created pods the Pending phase as the API server does,
// and pod status changes the node side would make.
import { FakeResourceClient } from '../../client/fake.js';
import { PODS } from '../../client/gvr.js';
import { harness, type Harness, until } from '../testing.js';
import { createStatefulSetController } from './controller.js';
import { type Claim, type Pod, PVCS, type StatefulSet, type StatefulSetSpec, STATEFULSETS } from './types.js';

export const NS = 'default';

export function makeSet(name: string, spec: Partial<StatefulSetSpec> = {}): StatefulSet {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name, namespace: NS, generation: 1 },
    spec: {
      replicas: 3,
      serviceName: 'nginx',
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image: 'nginx:1' }] } },
      podManagementPolicy: 'OrderedReady',
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } },
      revisionHistoryLimit: 10,
      persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
      volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }],
      ...spec,
    },
  };
}

export interface SetHarness extends Harness {
  pods(): Pod[];
  podNames(): string[];
  claims(): Claim[];
  set(name: string): Promise<StatefulSet>;
  /** Marks a pod Running and Ready (or another phase). */
  setPhase(name: string, phase: string, ready?: boolean): Promise<void>;
  /** Marks every existing pod Running and Ready until `n` pods exist and are ready. */
  readyUntil(n: number, prefix?: string): Promise<void>;
  /** Marks every Pending pod Running and Ready as it appears (a stand-in kubelet) until stop(). */
  autoReady(): void;
  /** Applies a spec change and bumps generation as the API server would. */
  updateSpec(name: string, change: (s: StatefulSet) => void): Promise<void>;
}

export async function startSetHarness(): Promise<SetHarness> {
  const client = new FakeResourceClient();
  client.prependReactor((a) => {
    if (a.verb === 'create' && a.resource === 'pods') (a.body as Pod).status = { phase: 'Pending' };
    return undefined;
  });
  const h = harness({ workers: 2 }, client);
  await h.run(createStatefulSetController);
  const pods = (): Pod[] => client.objects<Pod>(PODS);
  let timer: NodeJS.Timeout | undefined;
  const sh: SetHarness = {
    ...h,
    pods,
    podNames: () => pods().map((p) => p.metadata.name!).sort(),
    claims: () => client.objects<Claim>(PVCS),
    set: (name) => client.get<StatefulSet>(STATEFULSETS, NS, name),
    async setPhase(name, phase, ready = phase === 'Running') {
      const status = { phase, conditions: [{ type: 'Ready', status: ready ? 'True' : 'False', lastTransitionTime: new Date().toISOString() }] };
      await client.patch(PODS, NS, name, 'merge', { status }, { subresource: 'status' });
    },
    async readyUntil(n, prefix = '') {
      await until(async () => {
        const mine = pods().filter((p) => p.metadata.name!.startsWith(prefix));
        for (const p of mine) if (p.status?.phase !== 'Running') await sh.setPhase(p.metadata.name!, 'Running');
        return mine.length >= n && mine.every((p) => p.status?.phase === 'Running');
      }, 5000, `${n} ready pods`);
    },
    autoReady() {
      if (timer) return;
      timer = setInterval(() => {
        for (const p of pods()) if (p.status?.phase === 'Pending') void sh.setPhase(p.metadata.name!, 'Running').catch(() => {});
      }, 10);
    },
    async stop() {
      if (timer) clearInterval(timer);
      await h.stop();
    },
    async updateSpec(name, change) {
      const cur = await sh.set(name);
      change(cur);
      cur.metadata.generation = (cur.metadata.generation ?? 1) + 1;
      await client.update(STATEFULSETS, NS, cur);
    },
  };
  return sh;
}
