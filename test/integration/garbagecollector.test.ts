// The garbage collector and the ServiceAccount controller against a real
// `skiff up` with the real kubectl: a ReplicaSet and pods we create ourselves
// (ownerReferences set by the test, only the controllers under test running),
// deleted in background, foreground and orphan modes.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Cluster, kubectl, kubectlOk, startSkiff } from '../helpers/cluster.js';

async function until<T>(fn: () => T | undefined | false, what: string, ms = 30000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

interface Obj {
  metadata: { name: string; uid: string; finalizers?: string[]; ownerReferences?: Array<{ uid: string }>; deletionTimestamp?: string };
}

describe('garbage collector and serviceaccount controllers against skiff up', () => {
  let c: Cluster;
  const ns = `gc-${Math.random().toString(36).slice(2, 7)}`;
  const k = (args: string[], input?: string): string => kubectlOk(c, args, { input });
  const getJson = <T>(args: string[]): T | undefined => {
    const r = kubectl(c, [...args, '-o', 'json']);
    return r.code === 0 ? (JSON.parse(r.stdout) as T) : undefined;
  };
  const pods = (set: string): Obj[] => getJson<{ items: Obj[] }>(['get', 'pods', '-n', ns, '-l', `set=${set}`])?.items ?? [];

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

  before(async () => {
    c = await startSkiff({ controllers: true, args: ['--controllers', 'garbagecollector,serviceaccount'] });
    k(['create', 'namespace', ns]);
  });
  after(async () => {
    await c?.stop();
    c?.cleanup();
  });

  it('a new namespace gets a default ServiceAccount, re-created when deleted', async () => {
    await until(() => getJson(['get', 'serviceaccount', 'default', '-n', ns]), 'default ServiceAccount');
    k(['delete', 'serviceaccount', 'default', '-n', ns]);
    await until(() => getJson(['get', 'serviceaccount', 'default', '-n', ns]), 'default ServiceAccount re-created');
  });

  it('background: deleting the ReplicaSet removes its pods', async () => {
    makeSet('bg', 3);
    assert.equal(pods('bg').length, 3);
    k(['delete', 'rs', 'bg', '-n', ns]);
    await until(() => pods('bg').length === 0, 'background deletion of pods');
  });

  it('foreground: the ReplicaSet stays until its blocking pods are gone', async () => {
    makeSet('fg', 2, { finalizers: ['skiff.test/hold'] });
    k(['delete', 'rs', 'fg', '-n', ns, '--cascade=foreground', '--wait=false']);
    await until(() => pods('fg').length === 1 && pods('fg')[0]!.metadata.deletionTimestamp, 'unheld pod deleted, held pod terminating');
    const rs = getJson<Obj>(['get', 'rs', 'fg', '-n', ns]);
    assert.ok(rs?.metadata.deletionTimestamp, 'owner marked for deletion');
    assert.deepEqual(rs?.metadata.finalizers, ['foregroundDeletion']);
    k(['patch', 'pod', 'fg-0', '-n', ns, '--type=merge', '-p', '{"metadata":{"finalizers":null}}']);
    await until(() => !getJson(['get', 'rs', 'fg', '-n', ns]), 'owner deleted after its dependents');
    assert.equal(pods('fg').length, 0);
  });

  it('--cascade=orphan leaves the pods without ownerReferences', async () => {
    makeSet('or', 2);
    k(['delete', 'rs', 'or', '-n', ns, '--cascade=orphan']);
    await until(() => !getJson(['get', 'rs', 'or', '-n', ns]), 'owner deleted');
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
    await until(() => pods('ghost').length === 0, 'dangling dependent deleted');
  });
});
