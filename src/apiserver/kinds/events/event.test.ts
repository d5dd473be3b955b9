import { test } from 'node:test';
import assert from 'node:assert/strict';
import { eventStrategy as s } from './event.js';
import type { KubeObject } from '../../types.js';

const ctx = { namespace: 'default', subresource: '', dryRun: false };
const brief = (errs: { field: string; type: string }[]) => errs.map((e) => [e.field, e.type]);
const event = (extra: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'events.k8s.io/v1',
  kind: 'Event',
  metadata: { name: 'web.17a', namespace: 'default' },
  eventTime: '2024-01-01T00:00:00.000000Z',
  reportingController: 'skiff.io/scheduler',
  reportingInstance: 'node-1',
  action: 'Binding',
  reason: 'Scheduled',
  type: 'Normal',
  note: 'assigned',
  regarding: { kind: 'Pod', namespace: 'default', name: 'web' },
  ...extra,
});

test('a complete event passes', () => {
  assert.deepEqual(s.validate!(event(), ctx), []);
});

test('required fields use the upstream (core) field names', () => {
  const obj = event({ reportingController: '', reportingInstance: '', action: '', reason: '', type: 'Info' });
  assert.deepEqual(brief(s.validate!(obj, ctx)), [
    ['reportingController', 'FieldValueRequired'],
    // An empty qualified name has an empty name part and fails the regex too.
    ['reportingController', 'FieldValueInvalid'],
    ['reportingController', 'FieldValueInvalid'],
    ['reportingInstance', 'FieldValueRequired'],
    ['action', 'FieldValueRequired'],
    ['reason', 'FieldValueRequired'],
    ['type', 'FieldValueInvalid'],
  ]);
});

test('eventTime is required; deprecated fields must be unset; series needs count ≥ 2', () => {
  const obj = event({ eventTime: undefined, deprecatedCount: 3, series: { count: 1 } });
  assert.deepEqual(brief(s.validate!(obj, ctx)), [
    ['series.count', 'FieldValueInvalid'],
    ['series.lastObservedTime', 'FieldValueRequired'],
    ['eventTime', 'FieldValueRequired'],
    ['count', 'FieldValueInvalid'],
  ]);
  const ns = event({ regarding: { kind: 'Pod', namespace: 'other', name: 'x' } });
  assert.deepEqual(brief(s.validate!({ ...ns, eventTime: undefined }, ctx)), [
    ['involvedObject.namespace', 'FieldValueInvalid'],
    ['eventTime', 'FieldValueRequired'],
  ]);
});

test('most fields are immutable, series may change', () => {
  const old = event();
  const next = event({ note: 'changed', series: { count: 2, lastObservedTime: '2024-01-01T00:01:00.000000Z' } });
  assert.deepEqual(brief(s.validateUpdate!(next, old, ctx)), [['message', 'FieldValueInvalid']]);
});

test('field labels', () => {
  const l = s.fieldLabels!(event());
  assert.equal(l['regarding.name'], 'web');
  assert.equal(l.reason, 'Scheduled');
});
