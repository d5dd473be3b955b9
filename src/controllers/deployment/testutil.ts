// Test support for the deployment controller's unit tests: a fake API that
// behaves like the real server where the controller depends on it
// (generation bumps on spec changes, annotations written through /status),
// and a stand-in for the ReplicaSet controller that reports RS status.
import type { KubeObject } from '../../apiserver/types.js';
import { FakeResourceClient } from '../../client/fake.js';
import { PODS } from '../../client/gvr.js';
import type { GVR, WriteOptions } from '../../client/types.js';
import { semanticEqual } from '../../apiserver/kinds/apps/helpers.js';
import { type Deployment, DEPLOYMENTS, REPLICASETS, type ReplicaSet, specReplicas } from './types.js';

const WITH_GENERATION = new Set(['deployments', 'replicasets']);

export class ServerLikeFake extends FakeResourceClient {
  override async create<T extends KubeObject = KubeObject>(gvr: GVR, namespace: string, obj: T, opts?: WriteOptions): Promise<T> {
    if (WITH_GENERATION.has(gvr.resource)) obj = { ...obj, metadata: { ...obj.metadata, generation: 1 } };
    return super.create(gvr, namespace, obj, opts);
  }

  override async update<T extends KubeObject = KubeObject>(gvr: GVR, namespace: string, obj: T, opts: WriteOptions & { subresource?: string } = {}): Promise<T> {
    const name = String(obj.metadata?.name);
    const old = await this.get(gvr, namespace, name).catch(() => undefined);
    if (!old || !WITH_GENERATION.has(gvr.resource)) return super.update(gvr, namespace, obj, opts);
    // Like the API server: a write that changes nothing is not stored (no new resourceVersion, no event).
    const rv = obj.metadata?.resourceVersion;
    if ((!rv || rv === old.metadata?.resourceVersion) && semanticEqual({ ...obj, metadata: { ...obj.metadata, resourceVersion: undefined } }, { ...old, metadata: { ...old.metadata, resourceVersion: undefined } })) return old as T;
    if (opts.subresource === 'status') {
      const out = await super.update(gvr, namespace, obj, opts);
      const meta = obj.metadata ?? {};
      if (semanticEqual(meta.annotations, out.metadata?.annotations) && semanticEqual(meta.labels, out.metadata?.labels)) return out;
      const patch = { metadata: { annotations: meta.annotations ?? null, labels: meta.labels ?? null } };
      return super.patch(gvr, namespace, name, 'merge', patch) as Promise<T>;
    }
    const changed = !semanticEqual(obj.spec, old.spec) || (gvr.resource === 'deployments' && !semanticEqual(obj.metadata?.annotations, old.metadata?.annotations));
    const generation = (old.metadata?.generation ?? 0) + (changed ? 1 : 0);
    return super.update(gvr, namespace, { ...obj, metadata: { ...obj.metadata, generation } }, opts);
  }
}

export function deployment(name: string, spec: Partial<Deployment['spec']> = {}, meta: Record<string, unknown> = {}): Deployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'default', ...meta },
    spec: {
      replicas: 3,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image: 'nginx:1' }] } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
      ...spec,
    },
  };
}

/**
 * Plays the ReplicaSet controller once: every RS reports spec.replicas pods,
 * `available(rs)` of them ready and available (all by default).
 */
export async function settleReplicaSets(client: FakeResourceClient, available: (rs: ReplicaSet) => number = specReplicas): Promise<void> {
  for (const rs of client.objects<ReplicaSet>(REPLICASETS)) {
    const n = specReplicas(rs);
    const a = Math.min(n, available(rs));
    const status = { replicas: n, fullyLabeledReplicas: n, readyReplicas: a, availableReplicas: a, observedGeneration: rs.metadata?.generation ?? 0 };
    if (semanticEqual(rs.status, status)) continue;
    await client.update(REPLICASETS, 'default', { ...rs, status }, { subresource: 'status' });
  }
}

export async function getDeployment(client: FakeResourceClient, name: string): Promise<Deployment> {
  return client.get<Deployment>(DEPLOYMENTS, 'default', name);
}

export function replicaSetsOf(client: FakeResourceClient, d: Deployment): ReplicaSet[] {
  return client
    .objects<ReplicaSet>(REPLICASETS)
    .filter((rs) => rs.metadata?.ownerReferences?.some((r) => r.uid === d.metadata?.uid))
    .sort((a, b) => String(a.metadata?.creationTimestamp).localeCompare(String(b.metadata?.creationTimestamp)));
}

/** A running pod controlled by `rs`. */
export function podOf(rs: ReplicaSet, name: string, phase = 'Running'): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: 'default',
      labels: { ...(rs.spec.template?.metadata?.labels ?? {}) },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: String(rs.metadata?.name), uid: String(rs.metadata?.uid), controller: true }],
    },
    spec: { containers: [{ name: 'c', image: 'x' }] },
    status: { phase },
  };
}

export { DEPLOYMENTS, REPLICASETS, PODS };
