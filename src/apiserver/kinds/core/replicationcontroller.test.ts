import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../types.js';
import { replicationControllerStrategy as s } from './replicationcontroller.js';
import { ctx, summary, copy } from './testutil.js';

const rc = (spec: Record<string, unknown> = {}): KubeObject => ({
  metadata: { name: 'rc', namespace: 'default' },
  spec: { template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'a', image: 'nginx' }] } }, ...spec },
});

test('defaults: replicas, selector and labels from the template', () => {
  const o = rc();
  s.defaults!(o);
  const spec = o.spec as any;
  assert.equal(spec.replicas, 1);
  assert.deepEqual(spec.selector, { app: 'web' });
  assert.deepEqual(o.metadata!.labels, { app: 'web' });
  assert.equal(spec.template.spec.dnsPolicy, 'ClusterFirst');
  s.prepareForCreate!(o, ctx);
  assert.deepEqual(o.status, { replicas: 0 });
  assert.deepEqual(s.validate!(o, ctx), []);
});

test('selector must match template labels', () => {
  const o = rc({ selector: { app: 'other' } });
  s.defaults!(o);
  const errs = s.validate!(o, ctx);
  assert.deepEqual(summary(errs), ['FieldValueInvalid spec.template.metadata.labels']);
  assert.equal(errs[0].detail, '`selector` does not match template `labels`');
});

test('negative replicas and non-Always restart policy', () => {
  const o = rc({ replicas: -1 });
  (o.spec as any).template.spec.restartPolicy = 'Never';
  s.defaults!(o);
  assert.deepEqual(summary(s.validate!(o, ctx)), ['FieldValueInvalid spec.replicas', 'FieldValueNotSupported spec.template.spec.restartPolicy']);
});

test('empty selector without template labels is required', () => {
  const o = rc();
  delete (o.spec as any).template.metadata;
  s.defaults!(o);
  assert.ok(summary(s.validate!(o, ctx)).includes('FieldValueRequired spec.selector'));
});

test('status is kept on update and validated on status update', () => {
  const old = rc();
  s.defaults!(old);
  old.status = { replicas: 1 };
  const upd = copy(old);
  upd.status = { replicas: 5 };
  s.prepareForUpdate!(upd, old, ctx);
  assert.deepEqual(upd.status, { replicas: 1 });
  const st = copy(old);
  st.status = { replicas: 1, readyReplicas: 2 };
  assert.deepEqual(summary(s.validateStatusUpdate!(st, old, ctx)), ['FieldValueInvalid status.readyReplicas']);
});
