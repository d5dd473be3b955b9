// The routing table: host and path matching and precedence as the Ingress API
// documents them, conflicts across Ingresses, default backends, class selection.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { selectClasses, serves } from './class.js';
import { requestHost, requestPath, RouteTable } from './routes.js';
import type { HTTPIngressPath, Ingress, IngressRule } from './types.js';

let seq = 0;
function ing(name: string, rules: IngressRule[], extra: Partial<NonNullable<Ingress['spec']>> = {}, created?: string): Ingress {
  seq++;
  return {
    metadata: { name, namespace: 'default', creationTimestamp: created ?? `2024-01-01T00:00:${String(seq).padStart(2, '0')}Z` },
    spec: { rules, ...extra },
  };
}
const p = (path: string, pathType: HTTPIngressPath['pathType'], service: string): HTTPIngressPath => ({ path, pathType, backend: { service: { name: service, port: { number: 80 } } } });
const svc = (t: RouteTable, host: string, path: string): string | undefined => t.match(host, path)?.backend.service;

test('Prefix matches whole path elements and ignores a trailing slash', () => {
  const t = RouteTable.build([ing('a', [{ http: { paths: [p('/foo', 'Prefix', 'foo'), p('/aaa/bbb/', 'Prefix', 'ab')] } }])]);
  assert.equal(svc(t, 'x', '/foo'), 'foo');
  assert.equal(svc(t, 'x', '/foo/'), 'foo');
  assert.equal(svc(t, 'x', '/foo/bar'), 'foo');
  assert.equal(svc(t, 'x', '/foobar'), undefined);
  assert.equal(svc(t, 'x', '/aaa/bbb'), 'ab');
  assert.equal(svc(t, 'x', '/aaa/bbb/ccc'), 'ab');
  assert.equal(svc(t, 'x', '/aaa/bbbxyz'), undefined);
  assert.equal(svc(t, 'x', '/FOO'), undefined, 'case sensitive');
});

test('Exact matches only the exact path; ImplementationSpecific acts as Prefix', () => {
  const t = RouteTable.build([ing('a', [{ http: { paths: [p('/foo', 'Exact', 'exact'), p('/impl', 'ImplementationSpecific', 'impl')] } }])]);
  assert.equal(svc(t, 'x', '/foo'), 'exact');
  assert.equal(svc(t, 'x', '/foo/'), undefined);
  assert.equal(svc(t, 'x', '/foo/bar'), undefined);
  assert.equal(svc(t, 'x', '/impl/x'), 'impl');
  assert.equal(svc(t, 'x', '/implx'), undefined);
});

test('the longest path wins; Exact beats Prefix at equal length', () => {
  const t = RouteTable.build([
    ing('a', [{ http: { paths: [p('/', 'Prefix', 'root'), p('/foo', 'Prefix', 'foo-prefix'), p('/foo/bar', 'Prefix', 'foobar')] } }]),
    ing('b', [{ http: { paths: [p('/foo', 'Exact', 'foo-exact')] } }]),
  ]);
  assert.equal(svc(t, 'x', '/'), 'root');
  assert.equal(svc(t, 'x', '/other'), 'root');
  assert.equal(svc(t, 'x', '/foo'), 'foo-exact');
  assert.equal(svc(t, 'x', '/foo/baz'), 'foo-prefix');
  assert.equal(svc(t, 'x', '/foo/bar/baz'), 'foobar');
});

test('hosts: exact, then single-label wildcard, then rules without a host', () => {
  const t = RouteTable.build([
    ing('a', [
      { host: 'foo.example.com', http: { paths: [p('/', 'Prefix', 'exact-host')] } },
      { host: '*.example.com', http: { paths: [p('/', 'Prefix', 'wild')] } },
      { http: { paths: [p('/', 'Prefix', 'any')] } },
    ]),
  ]);
  assert.equal(svc(t, 'foo.example.com', '/'), 'exact-host');
  assert.equal(svc(t, 'bar.example.com', '/'), 'wild');
  assert.equal(svc(t, 'baz.bar.example.com', '/'), 'any', 'a wildcard covers one label only');
  assert.equal(svc(t, 'example.com', '/'), 'any');
  assert.equal(svc(t, 'other.org', '/x'), 'any');
});

test('the most specific host owns its requests (no fall-through), with its Ingress default backend', () => {
  const t = RouteTable.build([
    ing('a', [{ host: 'api.test', http: { paths: [p('/v1', 'Prefix', 'v1')] } }]),
    ing('b', [{ http: { paths: [p('/', 'Prefix', 'catchall')] } }]),
    ing('c', [{ host: 'web.test', http: { paths: [p('/app', 'Prefix', 'app')] } }], { defaultBackend: { service: { name: 'web-default', port: { number: 80 } } } }),
  ]);
  assert.equal(svc(t, 'api.test', '/v1/x'), 'v1');
  assert.equal(svc(t, 'api.test', '/v2'), 'web-default', 'the global default backend (oldest Ingress with one)');
  assert.equal(svc(t, 'web.test', '/nope'), 'web-default');
  assert.equal(svc(t, 'nohost.test', '/anything'), 'catchall');
});

test('no rules and no default backend → no match', () => {
  const t = RouteTable.build([ing('a', [{ host: 'a.test', http: { paths: [p('/x', 'Exact', 'x')] } }])]);
  assert.equal(t.match('a.test', '/y'), undefined);
  assert.equal(t.match('b.test', '/x'), undefined);
});

test('conflicts go to the oldest Ingress, whatever the list order', () => {
  const young = ing('young', [{ host: 'c.test', http: { paths: [p('/', 'Prefix', 'young'), p('/e', 'Exact', 'young-e')] } }], { defaultBackend: { service: { name: 'young-def', port: { number: 80 } } } }, '2024-06-01T00:00:00Z');
  const old = ing('old', [{ host: 'c.test', http: { paths: [p('/', 'Prefix', 'old'), p('/e', 'Exact', 'old-e')] } }], { defaultBackend: { service: { name: 'old-def', port: { number: 80 } } } }, '2024-01-01T00:00:00Z');
  for (const list of [[young, old], [old, young]]) {
    const t = RouteTable.build(list);
    assert.equal(svc(t, 'c.test', '/x'), 'old');
    assert.equal(svc(t, 'c.test', '/e'), 'old-e');
    assert.equal(svc(t, 'z.test', '/'), 'old-def');
  }
});

test('backends carry namespace, port and a shared key', () => {
  const t = RouteTable.build([
    { metadata: { name: 'n', namespace: 'shop', creationTimestamp: '2024-01-01T00:00:00Z' }, spec: { rules: [{ http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { name: 'http' } } } }] } }] } },
  ]);
  const m = t.match('x', '/')!;
  assert.deepEqual({ ns: m.backend.namespace, svc: m.backend.service, port: m.backend.port, key: m.backend.key, ingress: m.backend.ingress }, { ns: 'shop', svc: 'web', port: { name: 'http' }, key: 'shop/web:http', ingress: 'shop/n' });
});

test('request host and path parsing', () => {
  assert.equal(requestHost('Foo.Example.com:8080'), 'foo.example.com');
  assert.equal(requestHost('foo.example.com.'), 'foo.example.com');
  assert.equal(requestHost('[::1]:80'), '[::1]');
  assert.equal(requestHost(undefined), '');
  assert.equal(requestPath('/a/b?x=1'), '/a/b');
  assert.equal(requestPath('/a'), '/a');
});

test('class selection: name, legacy annotation, default class, other controllers', () => {
  const ours = { metadata: { name: 'skiff', annotations: { 'ingressclass.kubernetes.io/is-default-class': 'true' } }, spec: { controller: 'skiff.dev/ingress' } };
  const alias = { metadata: { name: 'gateway' }, spec: { controller: 'skiff.dev/ingress' } };
  const nginx = { metadata: { name: 'nginx' }, spec: { controller: 'k8s.io/ingress-nginx' } };
  const sel = selectClasses([ours, alias, nginx], 'skiff');
  const withClass = (c?: string, legacy?: string): Ingress => ({ metadata: { name: 'i', annotations: legacy ? { 'kubernetes.io/ingress.class': legacy } : {} }, spec: c ? { ingressClassName: c } : {} });
  assert.equal(serves(withClass('skiff'), sel), true);
  assert.equal(serves(withClass('gateway'), sel), true);
  assert.equal(serves(withClass('nginx'), sel), false);
  assert.equal(serves(withClass(undefined, 'skiff'), sel), true);
  assert.equal(serves(withClass(undefined, 'nginx'), sel), false);
  assert.equal(serves(withClass(), sel), true, 'no class: ours is the default');
  const notDefault = selectClasses([{ metadata: { name: 'skiff' }, spec: { controller: 'skiff.dev/ingress' } }], 'skiff');
  assert.equal(serves(withClass(), notDefault), false);
  assert.equal(serves(withClass(), selectClasses([], 'skiff')), true, 'before the class is cached, it counts as default');
});
