import { test } from 'node:test';
import assert from 'node:assert/strict';
import { builtinResources } from '../kinds/builtin.js';
import { SchemaSet } from '../schema/set.js';
import type { ResourceDef } from '../types.js';
import { computeETag, OpenAPIService } from './index.js';

test('v3 index points at each group version document by hash', () => {
  const svc = new OpenAPIService(() => builtinResources(), new SchemaSet());
  const index = svc.v3Index();
  const apps = index.paths['apis/apps/v1'];
  assert.ok(apps);
  const etag = svc.v3ETag('apis/apps/v1')!;
  assert.match(etag, /^[0-9A-F]{128}$/);
  assert.equal(apps.serverRelativeURL, `/openapi/v3/apis/apps/v1?hash=${etag}`);
  assert.equal(computeETag(svc.v3Json('apis/apps/v1')!), etag);
  assert.ok(index.paths['api/v1']);
  assert.equal(svc.v3Doc('/apis/apps/v1')?.openapi, '3.0.0');
  assert.equal(svc.v3Doc('apis/nope/v1'), undefined);
});

test('documents are cached until invalidate()', () => {
  let resources: ResourceDef[] = builtinResources().filter((r) => r.group === '');
  let calls = 0;
  const svc = new OpenAPIService(() => {
    calls++;
    return resources;
  }, new SchemaSet());
  const first = svc.v2Json();
  assert.equal(svc.v2Json(), first);
  const etag = svc.v2ETag();
  assert.equal(computeETag(first), etag);
  assert.ok(svc.v2Protobuf().length > 0);
  assert.equal(calls, 1);
  assert.equal(svc.v3Doc('apis/apps/v1'), undefined);
  resources = builtinResources();
  assert.equal(svc.v3Doc('apis/apps/v1'), undefined, 'still cached');
  svc.invalidate();
  assert.ok(svc.v3Doc('apis/apps/v1'));
  assert.notEqual(svc.v2ETag(), etag);
  const json = JSON.parse(svc.v2Json().toString('utf8')) as { paths: Record<string, unknown> };
  assert.ok(json.paths['/apis/apps/v1/namespaces/{namespace}/deployments']);
});
