import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../types.js';
import { nodeStrategy as s } from './node.js';
import { summary, copy } from './testutil.js';

const cctx = { namespace: '', subresource: '', dryRun: false };
const node = (spec: Record<string, unknown> = {}, status?: Record<string, unknown>): KubeObject => ({
  metadata: { name: 'node-1' },
  spec,
  ...(status ? { status } : {}),
});

test('defaults: podCIDRs from podCIDR, allocatable from capacity; status kept on create', () => {
  const o = node({ podCIDR: '10.42.0.0/24' }, { capacity: { cpu: '4', memory: '8Gi', pods: '110' } });
  s.defaults!(o);
  assert.deepEqual((o.spec as any).podCIDRs, ['10.42.0.0/24']);
  assert.deepEqual((o.status as any).allocatable, { cpu: '4', memory: '8Gi', pods: '110' });
  (o.metadata as any).generation = 3;
  const before = structuredClone(o.status);
  s.prepareForCreate!(o, cctx);
  assert.deepEqual(o.status, before);
  assert.equal(o.metadata!.generation, undefined);
  assert.deepEqual(s.validate!(o, cctx), []);
});

test('taints and CIDRs', () => {
  const o = node({
    podCIDRs: ['10.42.0.0/33'],
    taints: [
      { key: 'a', effect: 'NoSchedule' },
      { key: 'a', effect: 'NoSchedule' },
      { key: 'b', effect: 'Sometimes' },
      { key: '', effect: 'NoExecute' },
    ],
  });
  assert.deepEqual(summary(s.validate!(o, cctx)), [
    'FieldValueInvalid spec.podCIDRs[0]',
    'FieldValueDuplicate spec.taints[1]',
    'FieldValueNotSupported spec.taints[2].effect',
    // An empty key fails both "non-empty" and the regex, as upstream reports.
    'FieldValueInvalid spec.taints[3].key',
    'FieldValueInvalid spec.taints[3].key',
  ]);
});

test('podCIDRs and providerID only set once; status kept on update', () => {
  const old = node({ podCIDRs: ['10.42.0.0/24'], providerID: 'p://1' }, { phase: 'x' });
  const upd = copy(old);
  (upd.spec as any).podCIDRs = ['10.42.1.0/24'];
  (upd.spec as any).providerID = 'p://2';
  (upd.spec as any).unschedulable = true;
  upd.status = {};
  s.prepareForUpdate!(upd, old, cctx);
  assert.deepEqual(upd.status, { phase: 'x' });
  assert.deepEqual(summary(s.validateUpdate!(upd, old, cctx)), ['FieldValueForbidden spec.podCIDRs', 'FieldValueForbidden spec.providerID']);
  assert.equal(s.fieldLabels!(upd)['spec.unschedulable'], 'true');
});
