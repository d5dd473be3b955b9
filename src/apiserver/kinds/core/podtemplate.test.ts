import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../types.js';
import { podTemplateStrategy as s } from './podtemplate.js';
import { ctx, summary } from './testutil.js';

const tmpl = (containers: unknown[]): KubeObject => ({
  metadata: { name: 't', namespace: 'default' },
  template: { metadata: { labels: { app: 'x' } }, spec: { containers } },
});

test('template spec gets pod-spec defaults but no pod-only ones', () => {
  const o = tmpl([{ name: 'a', image: 'nginx', resources: { limits: { cpu: '1' } } }]);
  s.defaults!(o);
  const spec = (o.template as any).spec;
  assert.equal(spec.restartPolicy, 'Always');
  assert.equal(spec.containers[0].imagePullPolicy, 'Always');
  assert.equal(spec.enableServiceLinks, undefined);
  assert.equal(spec.containers[0].resources.requests, undefined);
  assert.deepEqual(s.validate!(o, ctx), []);
});

test('errors use template.* paths', () => {
  const o = tmpl([{ name: 'a' }]);
  (o.template as any).metadata.labels = { 'bad key!': 'x' };
  s.defaults!(o);
  assert.deepEqual(summary(s.validate!(o, ctx)), ['FieldValueInvalid template.labels', 'FieldValueRequired template.spec.containers[0].image']);
});
