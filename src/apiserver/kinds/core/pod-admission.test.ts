import { test } from 'node:test';
import assert from 'node:assert/strict';
import { admitDefaultTolerations, admitNewPod, admitPriority } from './pod-admission.js';

test('priority: no class gives 0 and PreemptLowerPriority; system classes their value', () => {
  const spec: Record<string, unknown> = { containers: [] };
  admitPriority(spec);
  assert.equal(spec.priority, 0);
  assert.equal(spec.preemptionPolicy, 'PreemptLowerPriority');
  const critical: Record<string, unknown> = { priorityClassName: 'system-node-critical' };
  admitPriority(critical);
  assert.equal(critical.priority, 2000001000);
  const custom: Record<string, unknown> = { priorityClassName: 'batch-low' };
  admitPriority(custom);
  assert.equal(custom.priority, undefined);
  assert.equal(custom.preemptionPolicy, undefined);
  const never: Record<string, unknown> = { preemptionPolicy: 'Never' };
  admitPriority(never);
  assert.equal(never.preemptionPolicy, 'Never');
});

test('default tolerations are added unless already tolerated', () => {
  const spec: Record<string, unknown> = {};
  admitDefaultTolerations(spec);
  assert.deepEqual(spec.tolerations, [
    { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
    { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
  ]);
  const own: Record<string, unknown> = { tolerations: [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 10 }] };
  admitDefaultTolerations(own);
  assert.deepEqual((own.tolerations as Array<{ key: string }>).map((t) => t.key), ['node.kubernetes.io/unreachable', 'node.kubernetes.io/not-ready']);
  const all: Record<string, unknown> = { tolerations: [{ operator: 'Exists' }] };
  admitNewPod(all);
  assert.deepEqual(all.tolerations, [{ operator: 'Exists' }]);
});
