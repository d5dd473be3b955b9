import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../apiserver/types.js';
import { GraphBuilder } from './graph-builder.js';
import type { GraphNode } from './graph.js';

function recorder() {
  const del: string[] = [];
  const orphan: string[] = [];
  const b = new GraphBuilder({ attemptToDelete: (n: GraphNode) => del.push(n.identity.uid), attemptToOrphan: (n: GraphNode) => orphan.push(n.identity.uid) });
  return { b, del, orphan };
}

const obj = (uid: string, owners: Array<{ uid: string; block?: boolean }> = [], meta: Record<string, unknown> = {}): KubeObject => ({
  metadata: { name: uid, namespace: 'ns', uid, ownerReferences: owners.map((o) => ({ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: o.uid, uid: o.uid, blockOwnerDeletion: o.block })), ...meta },
});

test('an unseen owner becomes a virtual node queued for a live check, and turns observed when seen', () => {
  const { b, del } = recorder();
  b.upsert(obj('pod', [{ uid: 'rs' }]), 'v1', 'Pod');
  const rs = b.graph.get('rs')!;
  assert.equal(rs.observed, false);
  assert.deepEqual(del, ['rs']);
  assert.deepEqual([...rs.dependents].map((d) => d.identity.uid), ['pod']);
  b.upsert(obj('rs'), 'apps/v1', 'ReplicaSet');
  assert.equal(b.graph.get('rs')!.observed, true);
  assert.equal(b.graph.get('rs')!.identity.kind, 'ReplicaSet');
});

test('deleting an owner queues its dependents; a virtual node nobody names is forgotten', () => {
  const { b, del } = recorder();
  b.upsert(obj('rs'), 'apps/v1', 'ReplicaSet');
  b.upsert(obj('p1', [{ uid: 'rs' }]), 'v1', 'Pod');
  b.upsert(obj('p2', [{ uid: 'rs' }]), 'v1', 'Pod');
  del.length = 0;
  b.remove(obj('rs'));
  assert.deepEqual(del.sort(), ['p1', 'p2']);
  assert.equal(b.graph.get('rs'), undefined);
  b.upsert(obj('x', [{ uid: 'ghost' }]), 'v1', 'Pod');
  b.upsert(obj('x'), 'v1', 'Pod');
  assert.equal(b.graph.get('ghost'), undefined);
});

test('foreground and orphan finalizers queue the right work; losing a blocking dependent re-queues the owner', () => {
  const { b, del, orphan } = recorder();
  b.upsert(obj('rs'), 'apps/v1', 'ReplicaSet');
  b.upsert(obj('p1', [{ uid: 'rs', block: true }]), 'v1', 'Pod');
  del.length = 0;
  b.upsert(obj('rs', [], { deletionTimestamp: 'now', finalizers: ['foregroundDeletion'] }), 'apps/v1', 'ReplicaSet');
  const rs = b.graph.get('rs')!;
  assert.equal(rs.deletingDependents, true);
  assert.deepEqual(del.sort(), ['p1', 'rs']);
  assert.deepEqual(rs.blockingDependents().map((d) => d.identity.uid), ['p1']);
  del.length = 0;
  b.upsert(obj('p1', [{ uid: 'rs', block: false }]), 'v1', 'Pod');
  assert.deepEqual(del, ['rs'], 'unblocked owner re-queued');
  assert.deepEqual(rs.blockingDependents(), []);
  b.upsert(obj('rs2', [], { deletionTimestamp: 'now', finalizers: ['orphan'] }), 'apps/v1', 'ReplicaSet');
  assert.deepEqual(orphan, ['rs2']);
});
