import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ingressStrategy as s } from './ingress.js';
import type { KubeObject } from '../../types.js';

const ctx = { namespace: 'default', subresource: '', dryRun: false };
const brief = (errs: { field: string; type: string }[]) => errs.map((e) => [e.field, e.type]);
const backend = { service: { name: 'web', port: { number: 80 } } };
const ing = (spec: Record<string, unknown>): KubeObject => ({ metadata: { name: 'web', namespace: 'default' }, spec });

test('a typical ingress passes', () => {
  const obj = ing({
    ingressClassName: 'nginx',
    rules: [
      { host: 'example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend }] } },
      { host: '*.example.com', http: { paths: [{ path: '/api', pathType: 'Exact', backend: { service: { name: 'api', port: { name: 'http' } } } }] } },
    ],
    tls: [{ hosts: ['example.com'], secretName: 'tls' }],
  });
  assert.deepEqual(s.validate!(obj, ctx), []);
  assert.deepEqual(s.validate!(ing({ defaultBackend: backend }), ctx), []);
});

test('rules or defaultBackend are required', () => {
  const errs = s.validate!(ing({}), ctx);
  assert.deepEqual(brief(errs), [['spec', 'FieldValueInvalid']]);
  assert.equal(errs[0]!.detail, 'either `defaultBackend` or `rules` must be specified');
});

test('hosts: wildcards, IPs', () => {
  const errs = s.validate!(ing({ rules: [{ host: 'a.*.com' }, { host: '10.0.0.1' }, { host: '*.ok.io' }] }), ctx);
  assert.deepEqual(brief(errs), [
    ['spec.rules[0].host', 'FieldValueInvalid'],
    ['spec.rules[1].host', 'FieldValueInvalid'],
  ]);
  assert.match(errs[0]!.detail!, /^a wildcard DNS-1123 subdomain must start with '\*\.'/);
  assert.equal(errs[1]!.detail, 'must be a DNS name, not an IP address');
});

test('paths: pathType required and enum, absolute for Exact/Prefix', () => {
  const paths = [
    { path: '/', backend },
    { path: '/', pathType: 'Regex', backend },
    { path: 'foo', pathType: 'Prefix', backend },
    { path: '/a//b', pathType: 'Exact', backend },
    { path: 'rel', pathType: 'ImplementationSpecific', backend },
    { path: '', pathType: 'ImplementationSpecific', backend },
  ];
  const errs = s.validate!(ing({ rules: [{ http: { paths } }] }), ctx);
  const p = 'spec.rules[0].http.paths';
  assert.deepEqual(brief(errs), [
    [`${p}[0].pathType`, 'FieldValueRequired'],
    [`${p}[1].pathType`, 'FieldValueNotSupported'],
    [`${p}[2].path`, 'FieldValueInvalid'],
    [`${p}[3].path`, 'FieldValueInvalid'],
    [`${p}[4].path`, 'FieldValueInvalid'],
  ]);
  assert.equal(errs[2]!.detail, 'must be an absolute path');
  assert.equal(errs[3]!.detail, "must not contain '//'");
  assert.deepEqual(brief(s.validate!(ing({ rules: [{ http: { paths: [] } }] }), ctx)), [['spec.rules[0].http.paths', 'FieldValueRequired']]);
});

test('backends: service xor resource, port name xor number', () => {
  const bad = (b: unknown) => s.validate!(ing({ defaultBackend: b }), ctx);
  assert.deepEqual(brief(bad({ service: { name: 'a', port: { number: 1 } }, resource: { kind: 'Bucket', name: 'b' } })), [
    ['spec.defaultBackend', 'FieldValueInvalid'],
  ]);
  assert.deepEqual(brief(bad({})), [['spec.defaultBackend', 'FieldValueInvalid']]);
  assert.deepEqual(brief(bad({ service: { name: 'a', port: { number: 1, name: 'x' } } })), [['spec.defaultBackend', 'FieldValueInvalid']]);
  assert.deepEqual(brief(bad({ service: { name: 'a', port: {} } })), [['spec.defaultBackend', 'FieldValueRequired']]);
  assert.deepEqual(brief(bad({ service: { name: '1abc', port: { number: 70000 } } })), [
    ['spec.defaultBackend.service.name', 'FieldValueInvalid'],
    ['spec.defaultBackend.service.port.number', 'FieldValueInvalid'],
  ]);
  assert.deepEqual(brief(bad({ resource: { apiGroup: 'k8s.example.com', kind: 'StorageBucket' } })), [
    ['spec.defaultBackend.resource.name', 'FieldValueRequired'],
  ]);
});

test('status writes are checked and keep the spec', () => {
  const old = ing({ defaultBackend: backend });
  const next = ing({ defaultBackend: { service: { name: 'changed', port: { number: 1 } } } });
  next.status = { loadBalancer: { ingress: [{ ip: 'nope' }, { hostname: '1.2.3.4' }] } };
  s.prepareForStatusUpdate!(next, old, ctx);
  assert.deepEqual(next.spec, old.spec);
  assert.deepEqual(brief(s.validateStatusUpdate!(next, old, ctx)), [
    ['status.loadBalancer.ingress[0].ip', 'FieldValueInvalid'],
    ['status.loadBalancer.ingress[1].hostname', 'FieldValueInvalid'],
  ]);
});
