import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../types.js';
import { resourceQuotaStrategy as s } from './resourcequota.js';
import { ctx, summary, copy } from './testutil.js';

const rq = (spec: Record<string, unknown>): KubeObject => ({ metadata: { name: 'q', namespace: 'default' }, spec });

test('good quota passes and starts with empty status', () => {
  const o = rq({ hard: { pods: '10', 'requests.cpu': '4', 'limits.memory': '8Gi', 'count/deployments.apps': '5' }, scopes: ['NotTerminating'] });
  s.prepareForCreate!(o, ctx);
  assert.deepEqual(o.status, {});
  assert.deepEqual(s.validate!(o, ctx), []);
});

test('bad names, quantities and scopes', () => {
  const o = rq({ hard: { pods: '1.5', bogus: '1', 'requests.cpu': '-1' }, scopes: ['Sometimes'] });
  assert.deepEqual(summary(s.validate!(o, ctx)), [
    'FieldValueInvalid spec.hard[pods]',
    'FieldValueInvalid spec.hard[bogus]',
    'FieldValueInvalid spec.hard[requests.cpu]',
    'FieldValueNotSupported spec.scopes',
  ]);
});

test('status path keeps spec; main path keeps status', () => {
  const old = rq({ hard: { pods: '1' } });
  old.status = { used: { pods: '0' } };
  const st = copy(old);
  st.spec = { hard: { pods: '100' } };
  st.status = { hard: { pods: '1' }, used: { pods: '1' } };
  s.prepareForStatusUpdate!(st, old, ctx);
  assert.deepEqual(st.spec, { hard: { pods: '1' } });
  assert.deepEqual(s.validateStatusUpdate!(st, old, ctx), []);
  const upd = copy(old);
  upd.status = {};
  s.prepareForUpdate!(upd, old, ctx);
  assert.deepEqual(upd.status, { used: { pods: '0' } });
});
