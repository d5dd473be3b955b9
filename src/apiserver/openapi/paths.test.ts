import { test } from 'node:test';
import assert from 'node:assert/strict';
import { builtinResources } from '../kinds/builtin.js';
import { groupIdent, resourcePaths, tagFor } from './paths.js';

const find = (kind: string, group = '') => builtinResources().find((r) => r.kind === kind && r.group === group)!;
const schemas = { kind: 'K', list: 'KL', strategicMerge: true };

test('identifiers follow upstream naming', () => {
  assert.equal(groupIdent(''), 'Core');
  assert.equal(groupIdent('apps'), 'Apps');
  assert.equal(groupIdent('rbac.authorization.k8s.io'), 'RbacAuthorization');
  assert.equal(groupIdent('example.com'), 'ExampleCom');
  assert.equal(tagFor('rbac.authorization.k8s.io', 'v1'), 'rbacAuthorization_v1');
  assert.equal(tagFor('', 'v1'), 'core_v1');
});

test('a namespaced resource with status and scale gets every upstream path and operation', () => {
  const items = resourcePaths(find('Deployment', 'apps'), schemas);
  const byPath = new Map(items.map((i) => [i.path, i]));
  assert.deepEqual([...byPath.keys()].sort(), [
    '/apis/apps/v1/deployments',
    '/apis/apps/v1/namespaces/{namespace}/deployments',
    '/apis/apps/v1/namespaces/{namespace}/deployments/{name}',
    '/apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale',
    '/apis/apps/v1/namespaces/{namespace}/deployments/{name}/status',
    '/apis/apps/v1/watch/deployments',
    '/apis/apps/v1/watch/namespaces/{namespace}/deployments',
    '/apis/apps/v1/watch/namespaces/{namespace}/deployments/{name}',
  ]);
  const ids = items.flatMap((i) => i.operations.map((o) => `${o.method} ${o.operationId} ${o.action}`)).sort();
  assert.ok(ids.includes('patch patchAppsV1NamespacedDeployment patch'));
  assert.ok(ids.includes('delete deleteAppsV1CollectionNamespacedDeployment deletecollection'));
  assert.ok(ids.includes('get listAppsV1DeploymentForAllNamespaces list'));
  assert.ok(ids.includes('put replaceAppsV1NamespacedDeploymentStatus put'));
  assert.ok(ids.includes('get watchAppsV1NamespacedDeploymentList watchlist'));
  const patch = byPath.get('/apis/apps/v1/namespaces/{namespace}/deployments/{name}')!.operations.find((o) => o.method === 'patch')!;
  assert.deepEqual(patch.gvk, { group: 'apps', version: 'v1', kind: 'Deployment' });
  assert.deepEqual(patch.params.map((p) => p.name), ['dryRun', 'fieldManager', 'fieldValidation', 'force']);
  assert.ok(patch.consumes.includes('application/strategic-merge-patch+json'));
  const scale = byPath.get('/apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale')!.operations.find((o) => o.method === 'patch')!;
  assert.deepEqual(scale.gvk, { group: 'autoscaling', version: 'v1', kind: 'Scale' });
  const create = byPath.get('/apis/apps/v1/namespaces/{namespace}/deployments')!.operations.find((o) => o.method === 'post')!;
  assert.deepEqual(create.params.map((p) => p.name), ['dryRun', 'fieldManager', 'fieldValidation']);
});

test('cluster-scoped resources and restricted verbs', () => {
  const items = resourcePaths(find('Namespace'), { ...schemas, strategicMerge: false });
  const paths = items.map((i) => i.path);
  assert.ok(paths.includes('/api/v1/namespaces/{name}'));
  assert.ok(!paths.some((p) => p.includes('{namespace}')));
  const collection = items.find((i) => i.path === '/api/v1/namespaces')!;
  assert.deepEqual(collection.operations.map((o) => o.action).sort(), ['list', 'post'], 'no deletecollection for namespaces');
  const patch = items.find((i) => i.path === '/api/v1/namespaces/{name}')!.operations.find((o) => o.method === 'patch')!;
  assert.equal(patch.operationId, 'patchCoreV1Namespace');
  assert.ok(!patch.consumes.includes('application/strategic-merge-patch+json'));
});
