import { test } from 'node:test';
import assert from 'node:assert/strict';
import { daemonSetStrategy as s, TEMPLATE_GENERATION_ANNOTATION } from './daemonset.js';
import type { KubeObject } from '../../types.js';
import { brief, ctx, podTemplate } from './testutil.js';

const ds = (spec: Record<string, unknown> = {}): KubeObject => {
  const obj: KubeObject = {
    metadata: { name: 'agent', namespace: 'kube-system' },
    spec: { selector: { matchLabels: { app: 'agent' } }, template: podTemplate({ app: 'agent' }), ...spec },
  };
  s.defaults!(obj);
  return obj;
};

test('defaults: RollingUpdate maxUnavailable 1 maxSurge 0, history 10', () => {
  const spec = ds().spec as Record<string, any>;
  assert.deepEqual(spec.updateStrategy, { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } });
  assert.equal(spec.revisionHistoryLimit, 10);
  assert.deepEqual(s.validate!(ds(), ctx), []);
});

test('rolling update needs exactly one of maxSurge / maxUnavailable', () => {
  const both = ds({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: '10%' } } });
  assert.deepEqual(brief(s.validate!(both, ctx)), [['spec.updateStrategy.rollingUpdate.maxSurge', 'FieldValueInvalid']]);
  const none = ds({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 0 } } });
  assert.deepEqual(brief(s.validate!(none, ctx)), [['spec.updateStrategy.rollingUpdate.maxUnavailable', 'FieldValueRequired']]);
  const kind = ds({ updateStrategy: { type: 'Sometimes' } });
  assert.deepEqual(brief(s.validate!(kind, ctx)), [['spec.updateStrategy', 'FieldValueNotSupported']]);
});

test('selector must match and be non-empty; restartPolicy Always', () => {
  const errs = s.validate!(ds({ selector: {}, template: podTemplate({}, { restartPolicy: 'Never' }) }), ctx);
  assert.deepEqual(brief(errs), [
    ['spec.selector', 'FieldValueInvalid'],
    ['spec.template.spec.restartPolicy', 'FieldValueNotSupported'],
  ]);
  assert.deepEqual(brief(s.validate!(ds({ selector: { matchLabels: { app: 'x' } } }), ctx)), [['spec.template.metadata.labels', 'FieldValueInvalid']]);
});

test('template generation annotation and selector immutability', () => {
  const obj = ds();
  s.prepareForCreate!(obj, ctx);
  assert.equal(obj.metadata!.annotations![TEMPLATE_GENERATION_ANNOTATION], '1');
  const same = ds();
  s.prepareForUpdate!(same, obj, ctx);
  assert.equal(same.metadata!.annotations![TEMPLATE_GENERATION_ANNOTATION], '1');
  const changed = ds({ template: podTemplate({ app: 'agent' }, { hostNetwork: true }) });
  s.prepareForUpdate!(changed, obj, ctx);
  assert.equal(changed.metadata!.annotations![TEMPLATE_GENERATION_ANNOTATION], '2');
  const sel = ds({ selector: { matchLabels: { app: 'agent', v: '2' } }, template: podTemplate({ app: 'agent', v: '2' }) });
  assert.deepEqual(brief(s.validateUpdate!(sel, obj, ctx)), [['spec.selector', 'FieldValueInvalid']]);
});
