import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ingressClassStrategy as s } from './ingressclass.js';
import type { KubeObject } from '../../types.js';

const ctx = { namespace: '', subresource: '', dryRun: false };
const brief = (errs: { field: string; type: string }[]) => errs.map((e) => [e.field, e.type]);
const ic = (spec: Record<string, unknown>): KubeObject => ({ metadata: { name: 'nginx' }, spec });

test('a controller path and namespaced parameters pass', () => {
  const obj = ic({ controller: 'k8s.io/ingress-nginx', parameters: { apiGroup: 'k8s.example.com', kind: 'Params', name: 'p', scope: 'Namespace', namespace: 'ing' } });
  assert.deepEqual(s.validate!(obj, ctx), []);
});

test('controller must be a domain-prefixed path', () => {
  const errs = s.validate!(ic({ controller: 'nginx' }), ctx);
  assert.deepEqual(brief(errs), [['spec.controller', 'FieldValueInvalid']]);
  assert.equal(errs[0]!.detail, 'must be a domain-prefixed path (such as "acme.io/foo")');
  assert.deepEqual(brief(s.validate!(ic({}), ctx)), [['spec.controller', 'FieldValueRequired']]);
});

test('parameters scope rules', () => {
  const p = (extra: Record<string, unknown>) => ic({ controller: 'a.io/b', parameters: { kind: 'K', name: 'n', ...extra } });
  assert.deepEqual(brief(s.validate!(p({}), ctx)), [['spec.parameters.scope', 'FieldValueRequired']]);
  assert.deepEqual(brief(s.validate!(p({ scope: 'Namespace' }), ctx)), [['spec.parameters.namespace', 'FieldValueRequired']]);
  assert.deepEqual(brief(s.validate!(p({ scope: 'Cluster', namespace: 'x' }), ctx)), [['spec.parameters.namespace', 'FieldValueForbidden']]);
  assert.deepEqual(brief(s.validate!(p({ scope: 'Galaxy' }), ctx)), [['spec.parameters.scope', 'FieldValueNotSupported']]);
});

test('controller is immutable', () => {
  const errs = s.validateUpdate!(ic({ controller: 'b.io/c' }), ic({ controller: 'a.io/b' }), ctx);
  assert.deepEqual(brief(errs), [['spec.controller', 'FieldValueInvalid']]);
  assert.equal(errs[0]!.detail, 'field is immutable');
});

test('parameters scope defaults to Cluster', () => {
  const obj = ic({ controller: 'a.io/b', parameters: { kind: 'K', name: 'n' } });
  s.defaults!(obj);
  assert.equal((obj.spec as { parameters: { scope: string } }).parameters.scope, 'Cluster');
  assert.deepEqual(s.validate!(obj, ctx), []);
});
