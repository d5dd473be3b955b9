import assert from 'node:assert/strict';
import { test } from 'node:test';
import { listQuery, queryString, resourcePath } from './url.js';

const pods = { group: '', version: 'v1', resource: 'pods' };
const deploys = { group: 'apps', version: 'v1', resource: 'deployments' };
const nodes = { group: '', version: 'v1', resource: 'nodes' };

test('paths for core, group, cluster-scoped and subresources', () => {
  const cases: [string, string][] = [
    [resourcePath(pods, 'ns'), '/api/v1/namespaces/ns/pods'],
    [resourcePath(pods, ''), '/api/v1/pods'],
    [resourcePath(pods, 'ns', 'p1', 'binding'), '/api/v1/namespaces/ns/pods/p1/binding'],
    [resourcePath(deploys, 'default', 'web', 'scale'), '/apis/apps/v1/namespaces/default/deployments/web/scale'],
    [resourcePath(nodes, '', 'n1'), '/api/v1/nodes/n1'],
    [resourcePath(nodes, '', 'n1', 'status'), '/api/v1/nodes/n1/status'],
  ];
  for (const [got, want] of cases) assert.equal(got, want);
});

test('query strings skip undefined values and encode selectors', () => {
  assert.equal(queryString({}), '');
  assert.equal(queryString(listQuery({ fieldSelector: 'spec.nodeName=', limit: 5 })), '?fieldSelector=spec.nodeName%3D&limit=5');
  assert.equal(queryString({ watch: true, resourceVersion: '10' }), '?watch=true&resourceVersion=10');
});
