// The garbage collector and the ServiceAccount controller against a real
// `skiff up` with the real kubectl: a ReplicaSet and pods we create ourselves
// (ownerReferences set by the test, only the controllers under test running),
// deleted in background, foreground and orphan modes.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { kubectlJsonIfFound, kubectlOk, useSkiff, waitFor } from '../helpers/cluster.js';

interface Obj {
  metadata: { name: string; uid: string; finalizers?: string[]; ownerReferences?: Array<{ uid: string }>; deletionTimestamp?: string };
}

describe('garbage collector and serviceaccount controllers against skiff up', () => {
  const c = useSkiff({ controllers: true, args: ['--controllers', 'garbagecollector,serviceaccount'] });
  const ns = `gc-${Math.random().toString(36).slice(2, 7)}`;
  const k = (args: string[], input?: string): string => kubectlOk(c(), args, { input });
  const pods = (set: string): Obj[] => kubectlJsonIfFound<{ items: Obj[] }>(c(), ['get', 'pods', '-n', ns, '-l', `set=${set}`])?.items ?? [];

  /** A ReplicaSet (replicas 0: no controller of its own runs) and `n` pods we make its dependents. */
  function makeSet(set: string, n: number, podExtra: Record<string, unknown> = {}): string {
    const rs = {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name: set, namespace: ns },
      spec: { replicas: 0, selector: { matchLabels: { set } }, template: { metadata: { labels: { set } }, spec: { containers: [{ name: 'c', image: 'busybox' }] } } },
    };
    k(['apply', '-f', '-'], JSON.stringify(rs));
    const uid = k(['get', 'rs', set, '-n', ns, '-o', 'jsonpath={.metadata.uid}']).trim();
    for (let i = 0; i < n; i++) {
      const pod = {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: {
          name: `${set}-${i}`,
          namespace: ns,
          labels: { set },
          ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: set, uid, controller: true, blockOwnerDeletion: true }],
          ...(i === 0 ? podExtra : {}),
        },
        spec: { containers: [{ name: 'c', image: 'busybox' }] },
      };
      k(['create', '-f', '-'], JSON.stringify(pod));
    }
    return uid;
  }

  before(() => {
    k(['create', 'namespace', ns]);
  });

  it('a new namespace gets a default ServiceAccount, re-created when deleted', async () => {
    await waitFor(c, 'default ServiceAccount', () => kubectlJsonIfFound(c(), ['get', 'serviceaccount', 'default', '-n', ns]));
    k(['delete', 'serviceaccount', 'default', '-n', ns]);
    await waitFor(c, 'default ServiceAccount re-created', () => kubectlJsonIfFound(c(), ['get', 'serviceaccount', 'default', '-n', ns]));
  });

  it('background: deleting the ReplicaSet removes its pods', async () => {
    makeSet('bg', 3);
    assert.equal(pods('bg').length, 3);
    k(['delete', 'rs', 'bg', '-n', ns]);
    await waitFor(c, 'background deletion of pods', () => pods('bg').length === 0);
  });

  it('foreground: the ReplicaSet stays until its blocking pods are gone', async () => {
    makeSet('fg', 2, { finalizers: ['skiff.test/hold'] });
    k(['delete', 'rs', 'fg', '-n', ns, '--cascade=foreground', '--wait=false']);
    await waitFor(c, 'unheld pod deleted, held pod terminating', () => pods('fg').length === 1 && pods('fg')[0]!.metadata.deletionTimestamp);
    const rs = kubectlJsonIfFound<Obj>(c(), ['get', 'rs', 'fg', '-n', ns]);
    assert.ok(rs?.metadata.deletionTimestamp, 'owner marked for deletion');
    assert.deepEqual(rs?.metadata.finalizers, ['foregroundDeletion']);
    k(['patch', 'pod', 'fg-0', '-n', ns, '--type=merge', '-p', '{"metadata":{"finalizers":null}}']);
    await waitFor(c, 'owner deleted after its dependents', () => !kubectlJsonIfFound(c(), ['get', 'rs', 'fg', '-n', ns]));
    assert.equal(pods('fg').length, 0);
  });

  it('--cascade=orphan leaves the pods without ownerReferences', async () => {
    makeSet('or', 2);
    k(['delete', 'rs', 'or', '-n', ns, '--cascade=orphan']);
    await waitFor(c, 'owner deleted', () => !kubectlJsonIfFound(c(), ['get', 'rs', 'or', '-n', ns]));
    const left = pods('or');
    assert.equal(left.length, 2);
    for (const p of left) assert.equal(p.metadata.ownerReferences, undefined, `${p.metadata.name} keeps no ownerReferences`);
  });

  it('pods whose owner never existed are collected', async () => {
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'ghost-child', namespace: ns, labels: { set: 'ghost' }, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'ghost', uid: '00000000-0000-0000-0000-000000000001' }] },
      spec: { containers: [{ name: 'c', image: 'busybox' }] },
    };
    k(['create', '-f', '-'], JSON.stringify(pod));
    await waitFor(c, 'dangling dependent deleted', () => pods('ghost').length === 0);
  });
});
