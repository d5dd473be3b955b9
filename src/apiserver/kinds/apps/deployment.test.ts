import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deploymentStrategy as s } from './deployment.js';
import type { KubeObject } from '../../types.js';
import { brief, ctx, podTemplate } from './testutil.js';

const deploy = (spec: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'default' },
  spec: { selector: { matchLabels: { app: 'web' } }, template: podTemplate(), ...spec },
});
const defaulted = (spec: Record<string, unknown> = {}): KubeObject => {
  const d = deploy(spec);
  s.defaults!(d);
  return d;
};

test('defaults: replicas, RollingUpdate 25%/25%, history, deadline, pod spec', () => {
  const d = defaulted();
  const spec = d.spec as Record<string, any>;
  assert.equal(spec.replicas, 1);
  assert.deepEqual(spec.strategy, { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } });
  assert.equal(spec.revisionHistoryLimit, 10);
  assert.equal(spec.progressDeadlineSeconds, 600);
  assert.equal(spec.template.spec.restartPolicy, 'Always');
  assert.equal(spec.template.spec.dnsPolicy, 'ClusterFirst');
  assert.deepEqual(s.validate!(d, ctx), []);
  const recreate = defaulted({ strategy: { type: 'Recreate' }, replicas: 3 });
  assert.deepEqual((recreate.spec as any).strategy, { type: 'Recreate' });
  assert.equal((recreate.spec as any).replicas, 3);
});

test('selector is required, non-empty and must match the template labels', () => {
  const none = defaulted({ selector: undefined });
  assert.deepEqual(brief(s.validate!(none, ctx)), [
    ['spec.selector', 'FieldValueRequired'],
    ['spec.template.metadata.labels', 'FieldValueInvalid'],
  ]);
  const empty = defaulted({ selector: {} });
  const errs = s.validate!(empty, ctx);
  assert.deepEqual(brief(errs), [['spec.selector', 'FieldValueInvalid']]);
  assert.equal(errs[0]!.detail, 'empty selector is invalid for deployment');
  const mismatch = s.validate!(defaulted({ selector: { matchLabels: { app: 'db' } } }), ctx);
  assert.deepEqual(brief(mismatch), [['spec.template.metadata.labels', 'FieldValueInvalid']]);
  assert.equal(mismatch[0]!.detail, '`selector` does not match template `labels`');
});

test('replicas, rolling update and template restartPolicy are checked', () => {
  const d = defaulted({
    replicas: -1,
    strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: '0%' } },
    template: podTemplate({ app: 'web' }, { restartPolicy: 'Never' }),
  });
  const errs = s.validate!(d, ctx);
  assert.deepEqual(brief(errs), [
    ['spec.replicas', 'FieldValueInvalid'],
    ['spec.template.spec.restartPolicy', 'FieldValueNotSupported'],
    ['spec.strategy.rollingUpdate.maxUnavailable', 'FieldValueInvalid'],
  ]);
  assert.equal(errs[2]!.detail, 'may not be 0 when `maxSurge` is 0');
  const bad = defaulted({ strategy: { type: 'Blue' }, progressDeadlineSeconds: 5, minReadySeconds: 10 });
  assert.deepEqual(brief(s.validate!(bad, ctx)), [
    ['spec.strategy', 'FieldValueNotSupported'],
    ['spec.progressDeadlineSeconds', 'FieldValueInvalid'],
  ]);
  const pct = defaulted({ strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '120%', maxSurge: 'x' } } });
  assert.deepEqual(brief(s.validate!(pct, ctx)), [
    ['spec.strategy.rollingUpdate.maxSurge', 'FieldValueInvalid'],
    ['spec.strategy.rollingUpdate.maxUnavailable', 'FieldValueInvalid'],
  ]);
});

test('pod template errors surface under spec.template', () => {
  const d = defaulted({ template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web' }] } } });
  assert.ok(brief(s.validate!(d, ctx)).some(([f, t]) => f === 'spec.template.spec.containers[0].image' && t === 'FieldValueRequired'));
});

test('selector is immutable on update', () => {
  const old = defaulted();
  const next = defaulted({ selector: { matchLabels: { app: 'web', tier: 'x' } }, template: podTemplate({ app: 'web', tier: 'x' }) });
  const errs = s.validateUpdate!(next, old, ctx);
  assert.deepEqual(brief(errs), [['spec.selector', 'FieldValueInvalid']]);
  assert.equal(errs[0]!.detail, 'field is immutable');
  assert.deepEqual(s.validateUpdate!(defaulted({ replicas: 5 }), old, ctx), []);
});

test('status: reset on create, kept on update, validated through /status', () => {
  const d = defaulted();
  d.status = { replicas: 3 };
  s.prepareForCreate!(d, ctx);
  assert.deepEqual(d.status, {});
  const old = defaulted();
  old.status = { replicas: 2, readyReplicas: 2, collisionCount: 2 };
  const upd = defaulted({ replicas: 4 });
  upd.status = { replicas: 100 };
  s.prepareForUpdate!(upd, old, ctx);
  assert.deepEqual(upd.status, old.status);
  const st = defaulted({ replicas: 9 });
  st.status = { replicas: 1, readyReplicas: 2, availableReplicas: 2, collisionCount: 1 };
  s.prepareForStatusUpdate!(st, old, ctx);
  assert.equal((st.spec as any).replicas, 1);
  assert.deepEqual(brief(s.validateStatusUpdate!(st, old, ctx)), [
    ['status.readyReplicas', 'FieldValueInvalid'],
    ['status.availableReplicas', 'FieldValueInvalid'],
    ['status.collisionCount', 'FieldValueInvalid'],
  ]);
});

test('annotation changes count as spec changes', () => {
  const old = defaulted();
  const next = defaulted();
  next.metadata!.annotations = { note: 'x' };
  assert.equal(s.specChanged!(next, old), true);
  assert.equal(s.specChanged!(defaulted(), old), false);
});
