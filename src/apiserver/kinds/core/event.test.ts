import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../types.js';
import { eventStrategy as s } from './event.js';
import { ctx, summary } from './testutil.js';

const ev = (extra: Record<string, unknown>): KubeObject => ({
  metadata: { name: 'web.1', namespace: 'default' },
  involvedObject: { kind: 'Pod', name: 'web', namespace: 'default' },
  reason: 'Started',
  ...extra,
});

test('legacy events: namespaces must agree', () => {
  assert.deepEqual(s.validate!(ev({}), ctx), []);
  const bad = ev({ involvedObject: { kind: 'Pod', name: 'web', namespace: 'other' } });
  assert.deepEqual(summary(s.validate!(bad, ctx)), ['FieldValueInvalid involvedObject.namespace']);
  const cluster = ev({ involvedObject: { kind: 'Node', name: 'n1' } });
  assert.deepEqual(s.validate!(cluster, ctx), []);
});

test('new-style events need reporting fields', () => {
  const o = ev({ eventTime: '2024-01-01T00:00:00.000000Z' });
  assert.deepEqual(summary(s.validate!(o, ctx)), [
    'FieldValueRequired reportingComponent',
    'FieldValueRequired reportingInstance',
    'FieldValueRequired action',
  ]);
});

test('field labels', () => {
  const f = s.fieldLabels!(ev({ type: 'Normal', source: { component: 'kubelet' } }));
  assert.equal(f['involvedObject.name'], 'web');
  assert.equal(f.source, 'kubelet');
  assert.equal(f.type, 'Normal');
});
